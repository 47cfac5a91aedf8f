import { Module } from '@nestjs/common';
import { OperationsModule } from '@landbridge/operations';
import { ExportReportController } from './exports/export-report.controller.js';
import { ExportReportService } from './exports/export-report.service.js';

/** The figures people quote about the trade: exports by period, new-energy share, growth on the year. */
@Module({
  imports: [OperationsModule],
  controllers: [ExportReportController],
  providers: [ExportReportService],
})
export class ReportsModule {}
