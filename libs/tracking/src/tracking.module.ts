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

/** What happens on the way: train and consignment events, the status, position and ETA they determine. */
@Module({
  imports: [IdempotencyModule, OperationsModule, ReferenceDataModule],
  controllers: [TrainEventsController, ConsignmentEventsController, TransshipmentsController, AnalyticsController],
  providers: [
    TrackingEventsRepository,
    TrackingService,
    TransshipmentsService,
    EtaProfilesRepository,
    EtaService,
    AnalyticsRepository,
    AnalyticsService,
  ],
  exports: [TrackingService],
})
export class TrackingModule {}
