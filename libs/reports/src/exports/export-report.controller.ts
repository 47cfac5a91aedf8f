import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ANY_ROLE, type Caller, CurrentCaller, Roles } from '@landbridge/common';
import { ExportReportDto, ExportReportQueryDto } from './export-report.dto.js';
import { ExportReportService } from './export-report.service.js';

@ApiTags('reports')
@Controller('reports')
@Roles(...ANY_ROLE)
export class ExportReportController {
  constructor(private readonly reports: ExportReportService) {}

  @Get('exports')
  @ApiOkResponse({
    type: ExportReportDto,
    description: "By the train's departure in China Standard Time; staff see all exporters, an exporter its own",
  })
  @ApiUnprocessableEntityResponse({ description: 'Dates not of the calendar, reversed, or more than 20 years apart' })
  exports(@CurrentCaller() caller: Caller, @Query() query: ExportReportQueryDto): Promise<ExportReportDto> {
    return this.reports.report(caller, query);
  }
}
