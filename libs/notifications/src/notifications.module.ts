import { Module } from '@nestjs/common';
import { IdempotencyModule } from '@landbridge/common';
import { EventsController } from './status-events/events.controller.js';
import { StatusEventsListener } from './status-events/status-events.listener.js';
import { StatusEventsRepository } from './status-events/status-events.repository.js';
import { StatusEventsService } from './status-events/status-events.service.js';
import { StatusEventStream } from './stream/status-event-stream.js';
import { SecretEncryptionKeysRepository } from './webhooks/secret-encryption-keys.repository.js';
import { WebhookDeliveriesRepository } from './webhooks/webhook-deliveries.repository.js';
import { WebhookSecrets } from './webhooks/webhook-secrets.js';
import { WebhookSubscriptionsRepository } from './webhooks/webhook-subscriptions.repository.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { WebhooksService } from './webhooks/webhooks.service.js';

/**
 * Status updates: the outbox of status changes, the feed and the stream that read it, and webhook
 * subscriptions. It exports services only: other contexts, and RelayModule, never inject its
 * repositories through it (RelayModule provides the stateless ones its relays use itself).
 */
@Module({
  imports: [IdempotencyModule],
  controllers: [EventsController, WebhooksController],
  providers: [
    StatusEventsRepository,
    WebhookSubscriptionsRepository,
    WebhookDeliveriesRepository,
    SecretEncryptionKeysRepository,
    StatusEventsService,
    StatusEventsListener,
    StatusEventStream,
    WebhooksService,
    WebhookSecrets,
  ],
  exports: [StatusEventsService, StatusEventsListener, StatusEventStream, WebhooksService, WebhookSecrets],
})
export class NotificationsModule {}
