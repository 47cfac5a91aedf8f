import { Module } from '@nestjs/common';
import { IdempotencyModule } from '@landbridge/common';
import { IdentityModule } from '@landbridge/identity';
import { NotificationsModule } from '@landbridge/notifications';
import { ReferenceDataModule } from '@landbridge/reference-data';
import { ConsignmentsController, VehiclesController } from './consignments/consignments.controller.js';
import { ConsignmentStatusWriter } from './consignments/consignment-status-writer.js';
import { ConsignmentsService } from './consignments/consignments.service.js';
import { ExportFiguresService } from './consignments/export-figures.service.js';
import { LoadingsController } from './loadings/loadings.controller.js';
import { LoadingsService } from './loadings/loadings.service.js';
import { TrainsController } from './trains/trains.controller.js';
import { TrainsService } from './trains/trains.service.js';

/** The terminal's daily work: trains, consignments with their vehicles, and loadings. */
@Module({
  imports: [IdempotencyModule, IdentityModule, ReferenceDataModule, NotificationsModule],
  controllers: [TrainsController, LoadingsController, ConsignmentsController, VehiclesController],
  providers: [TrainsService, ConsignmentsService, LoadingsService, ConsignmentStatusWriter, ExportFiguresService],
  exports: [TrainsService, ConsignmentsService, ConsignmentStatusWriter, ExportFiguresService],
})
export class OperationsModule {}
