import { Module } from '@nestjs/common';
import { IdempotencyModule } from '@landbridge/common';
import { IdentifiersController } from './identifiers/identifiers.controller.js';
import { RoutesController } from './routes/routes.controller.js';
import { RoutesRepository } from './routes/routes.repository.js';
import { RoutesService } from './routes/routes.service.js';
import { StationsController } from './stations/stations.controller.js';
import { StationsRepository } from './stations/stations.repository.js';
import { StationsService } from './stations/stations.service.js';

/**
 * Stations and routes of the corridor: what every train and consignment refers to; and the check of the
 * identifiers (VINs, container and wagon numbers) everything carries.
 */
@Module({
  imports: [IdempotencyModule],
  controllers: [StationsController, RoutesController, IdentifiersController],
  providers: [StationsRepository, RoutesRepository, StationsService, RoutesService],
  exports: [StationsService, RoutesService],
})
export class ReferenceDataModule {}
