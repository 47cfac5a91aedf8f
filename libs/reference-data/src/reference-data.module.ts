import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyModule } from '@landbridge/common';
import { RouteStop } from './routes/route-stop.entity.js';
import { Route } from './routes/route.entity.js';
import { RoutesController } from './routes/routes.controller.js';
import { RoutesService } from './routes/routes.service.js';
import { Station } from './stations/station.entity.js';
import { StationsController } from './stations/stations.controller.js';
import { StationsService } from './stations/stations.service.js';

/** Stations and routes of the corridor: what every train and consignment refers to. */
@Module({
  imports: [IdempotencyModule, TypeOrmModule.forFeature([Station, Route, RouteStop])],
  controllers: [StationsController, RoutesController],
  providers: [StationsService, RoutesService],
  exports: [StationsService, RoutesService],
})
export class ReferenceDataModule {}
