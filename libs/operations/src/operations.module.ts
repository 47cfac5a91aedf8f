import { Module } from '@nestjs/common';
import { IdentityModule } from '@landbridge/identity';
import { ReferenceDataModule } from '@landbridge/reference-data';
import { ConsignmentsController, VehiclesController } from './consignments/consignments.controller.js';
import { ConsignmentsService } from './consignments/consignments.service.js';
import { LoadingsController } from './loadings/loadings.controller.js';
import { LoadingsService } from './loadings/loadings.service.js';
import { TrainsController } from './trains/trains.controller.js';
import { TrainsService } from './trains/trains.service.js';

/** The terminal's daily work: trains, consignments with their vehicles, and loadings. */
@Module({
  imports: [IdentityModule, ReferenceDataModule],
  controllers: [TrainsController, LoadingsController, ConsignmentsController, VehiclesController],
  providers: [TrainsService, ConsignmentsService, LoadingsService],
  exports: [TrainsService, ConsignmentsService],
})
export class OperationsModule {}
