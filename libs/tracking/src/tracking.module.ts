import { Module } from '@nestjs/common';
import { IdempotencyModule } from '@landbridge/common';
import { OperationsModule } from '@landbridge/operations';
import { ReferenceDataModule } from '@landbridge/reference-data';
import { AnalyticsController } from './analytics/analytics.controller.js';
import { AnalyticsRepository } from './analytics/analytics.repository.js';
import { AnalyticsService } from './analytics/analytics.service.js';
import { ConsignmentEventsController, TrainEventsController } from './events/tracking.controller.js';
import { TrackingEventsRepository } from './events/tracking-events.repository.js';
import { TrackingService } from './events/tracking.service.js';
import { TransshipmentsController } from './events/transshipments.controller.js';
import { TransshipmentsService } from './events/transshipments.service.js';
import { EtaProfilesRepository } from './eta/eta-profiles.repository.js';
import { EtaService } from './eta/eta.service.js';
import { ConsignmentShareLinksController, ShareLinksController } from './sharing/share-links.controller.js';
import { ShareLinksRepository } from './sharing/share-links.repository.js';
import { ShareLinksService } from './sharing/share-links.service.js';
import { TrackController } from './sharing/track.controller.js';

/**
 * What happens on the way: train and consignment events, the status, position and ETA they determine; and
 * the public tracking links that show one consignment's journey to someone without an account.
 */
@Module({
  imports: [IdempotencyModule, OperationsModule, ReferenceDataModule],
  controllers: [
    TrainEventsController,
    ConsignmentEventsController,
    TransshipmentsController,
    AnalyticsController,
    ConsignmentShareLinksController,
    ShareLinksController,
    TrackController,
  ],
  providers: [
    TrackingEventsRepository,
    TrackingService,
    TransshipmentsService,
    EtaProfilesRepository,
    EtaService,
    AnalyticsRepository,
    AnalyticsService,
    ShareLinksRepository,
    ShareLinksService,
  ],
  exports: [TrackingService],
})
export class TrackingModule {}
