import { Module } from '@nestjs/common';
import { IdempotencyModule } from '@landbridge/common';
import { IdentityModule } from '@landbridge/identity';
import { NotificationsModule } from '@landbridge/notifications';
import { ReferenceDataModule } from '@landbridge/reference-data';
import { ConsignmentAmendmentsController } from './consignments/consignment-amendments.controller.js';
import { ConsignmentAmendmentsService } from './consignments/consignment-amendments.service.js';
import { ConsignmentsController, VehiclesController } from './consignments/consignments.controller.js';
import { ConsignmentStatusRepository } from './consignments/consignment-status.repository.js';
import { ConsignmentStatusWriter } from './consignments/consignment-status-writer.js';
import { ConsignmentsRepository } from './consignments/consignments.repository.js';
import { ConsignmentsService } from './consignments/consignments.service.js';
import { ConsistsController } from './equipment/consists.controller.js';
import { ConsistsRepository } from './equipment/consists.repository.js';
import { EquipmentService } from './equipment/equipment.service.js';
import { TransshipmentsRepository } from './equipment/transshipments.repository.js';
import { ConsistsService } from './equipment/consists.service.js';
import { ContainersController } from './equipment/containers.controller.js';
import { ContainersService } from './equipment/containers.service.js';
import { ExportFiguresRepository } from './export-figures/export-figures.repository.js';
import { ExportFiguresService } from './export-figures/export-figures.service.js';
import { LoadingsController } from './loadings/loadings.controller.js';
import { LoadingsRepository } from './loadings/loadings.repository.js';
import { LoadingsService } from './loadings/loadings.service.js';
import { ConsignmentManifestService } from './manifests/consignment-manifest.service.js';
import { LoadingListService } from './manifests/loading-list.service.js';
import { ManifestsController } from './manifests/manifests.controller.js';
import { ManifestsRepository } from './manifests/manifests.repository.js';
import { ManifestsService } from './manifests/manifests.service.js';
import { TrainManifestsController } from './manifests/train-manifests.controller.js';
import { TrainsController } from './trains/trains.controller.js';
import { TrainsRepository } from './trains/trains.repository.js';
import { TrainsService } from './trains/trains.service.js';

/**
 * The terminal's daily work: trains, consignments with their vehicles, and loadings. Other contexts use
 * its services (tracking: TrainsService, ConsignmentsService, ConsignmentStatusWriter, EquipmentService; reports:
 * ExportFiguresService), never its repositories or tables.
 */
@Module({
  imports: [IdempotencyModule, IdentityModule, ReferenceDataModule, NotificationsModule],
  controllers: [
    TrainsController,
    LoadingsController,
    ConsignmentsController,
    ConsignmentAmendmentsController,
    VehiclesController,
    ConsistsController,
    ContainersController,
    ManifestsController,
    TrainManifestsController,
  ],
  providers: [
    TrainsRepository,
    ConsignmentsRepository,
    ConsignmentStatusRepository,
    LoadingsRepository,
    ExportFiguresRepository,
    ConsistsRepository,
    TransshipmentsRepository,
    EquipmentService,
    TrainsService,
    ConsignmentsService,
    ConsignmentManifestService,
    ConsignmentAmendmentsService,
    LoadingsService,
    ConsignmentStatusWriter,
    ExportFiguresService,
    ConsistsService,
    ContainersService,
    ManifestsRepository,
    ManifestsService,
    LoadingListService,
  ],
  exports: [TrainsService, ConsignmentsService, ConsignmentStatusWriter, ExportFiguresService, EquipmentService],
})
export class OperationsModule {}
