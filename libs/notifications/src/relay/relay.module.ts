import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications.module.js';
import { WebhookDeliveriesRepository } from '../webhooks/webhook-deliveries.repository.js';
import { WebhookSubscriptionsRepository } from '../webhooks/webhook-subscriptions.repository.js';
import { BrokerPositionsRepository } from './broker-positions.repository.js';
import { DeliveryMetrics } from './delivery-metrics.js';
import { NatsPublisher } from './nats-publisher.js';
import { WebhookRelay } from './webhook-relay.js';

/**
 * The background delivery of status events (webhooks, NATS JetStream). Imported by the worker, and by the api when it
 * runs the worker's jobs itself (RUN_WORKER, the default for `npm start`).
 */
@Module({
  imports: [NotificationsModule],
  providers: [
    BrokerPositionsRepository,
    WebhookSubscriptionsRepository,
    WebhookDeliveriesRepository,
    DeliveryMetrics,
    WebhookRelay,
    NatsPublisher,
  ],
})
export class RelayModule {}
