import { Module } from '@nestjs/common';
import { IdempotencyModule } from '@landbridge/common';
import { EventsController } from './status-events/events.controller.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { WebhookSecrets } from './webhooks/webhook-secrets.js';
import { WebhooksService } from './webhooks/webhooks.service.js';
import { StatusEventsListener } from './status-events/status-events.listener.js';
import { StatusEventsService } from './status-events/status-events.service.js';
import { StatusEventStream } from './stream/status-event-stream.js';

/** Status updates: the outbox of status changes, the feed and the stream that read it. */
@Module({
  imports: [IdempotencyModule],
  controllers: [EventsController, WebhooksController],
  providers: [StatusEventsService, StatusEventsListener, StatusEventStream, WebhooksService, WebhookSecrets],
  exports: [StatusEventsService, StatusEventsListener, StatusEventStream, WebhooksService, WebhookSecrets],
})
export class NotificationsModule {}
