import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AppConfig, asSystem, MetricsService } from '@landbridge/common';
import { type Counter, Gauge } from 'prom-client';
import { StatusEventsListener } from '../status-events/status-events.listener.js';
import { type FeedPosition, StatusEventsService } from '../status-events/status-events.service.js';
import { sendWebhook } from '../webhooks/webhook-sender.js';
import { WebhookDeliveriesRepository } from '../webhooks/webhook-deliveries.repository.js';
import { WebhookSecrets } from '../webhooks/webhook-secrets.js';
import {
  type ClaimedSubscription,
  WebhookSubscriptionsRepository,
} from '../webhooks/webhook-subscriptions.repository.js';
import { WebhooksService } from '../webhooks/webhooks.service.js';
import { DeliveryMetrics } from './delivery-metrics.js';
import { RelayLoop } from './relay-loop.js';
import { disableReason, parseRetrySchedule, retryDelaySeconds } from './webhook-retry.js';

/** Longer than one attempt (10 s); renewed before each, so a crashed worker's subscriptions resume within it. */
const LEASE_SECONDS = 15;
const CLAIM = 20;
const BATCH = 50;
const POLL_MS = 1000;

/**
 * Delivers update events to webhook subscriptions, each the types it subscribed to. Each subscription
 * is a cursor in the feed: a worker leases due subscriptions (FOR UPDATE SKIP LOCKED, so several workers
 * share the work without doing it twice), sends the events after the cursor in feed order, one at a
 * time, and moves the cursor only past what the receiver acknowledged with a 2xx (and the events of
 * other types). A crash loses nothing: the lease runs out and the events after the cursor are sent
 * again, with the same webhook-id. A failure waits out the retry schedule (with jitter) before the same
 * event is tried again; 410 Gone, or 3 days of failures, disables the subscription with the reason.
 */
@Injectable()
export class WebhookRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookRelay.name);
  private readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly retrySeconds: number[];
  private readonly attemptsTotal: Counter<'destination' | 'result'>;
  private readonly loop: RelayLoop;

  constructor(
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveryLog: WebhookDeliveriesRepository,
    private readonly statusEvents: StatusEventsService,
    listener: StatusEventsListener,
    private readonly webhooks: WebhooksService,
    private readonly secrets: WebhookSecrets,
    config: ConfigService<AppConfig, true>,
    metrics: MetricsService,
    deliveryMetrics: DeliveryMetrics,
  ) {
    this.retrySeconds = parseRetrySchedule(config.get('WEBHOOK_RETRY_SECONDS', { infer: true }));
    this.attemptsTotal = deliveryMetrics.attempts;
    this.loop = new RelayLoop(
      listener,
      async () => {
        await this.tick();
        return POLL_MS;
      },
      POLL_MS,
      this.logger,
    );
    new Gauge({
      name: 'landbridge_outbox_backlog',
      help: 'Status events not yet delivered to the furthest-behind active webhook subscription',
      registers: [metrics.registry],
      async collect() {
        // Every organization's backlog, whoever scrapes the metrics.
        this.set(await asSystem(() => subscriptions.backlog()));
      },
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
    this.logger.log(`delivering status events to webhooks as ${this.workerId}`);
  }

  /** Stops claiming; what is being delivered finishes (each attempt gives up within 10 s). */
  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  private async tick(): Promise<void> {
    const claimed = await this.subscriptions.claimDue(this.workerId, LEASE_SECONDS, CLAIM);
    await Promise.all(claimed.map((subscription) => this.deliver(subscription)));
  }

  private async deliver(subscription: ClaimedSubscription): Promise<void> {
    const { id } = subscription;
    try {
      const target = { url: subscription.url, secret: this.secrets.open(subscription.sealedSecret) };
      const events = await this.statusEvents.readAfter(
        subscription.exporterId ?? undefined,
        subscription.position,
        BATCH,
      );
      let attempts = subscription.attempts;
      // Events of types it does not receive are passed over: the cursor moves past them with the next
      // acknowledged event, or at the end of the batch.
      const subscribed = new Set(subscription.events);
      let passedOver: FeedPosition | undefined;
      for (const { event, position } of events) {
        if (!subscribed.has(event.type)) {
          passedOver = position;
          continue;
        }
        passedOver = undefined;
        if (!this.loop.active || !(await this.subscriptions.renewLease(id, this.workerId, LEASE_SECONDS))) return;
        const result = await sendWebhook(target, event, this.webhooks.policy);
        this.attemptsTotal.inc({ destination: 'webhook', result: result.ok ? 'delivered' : 'failed' });
        await this.deliveryLog.record(id, {
          eventId: event.id,
          attempt: attempts + 1,
          succeeded: result.ok,
          statusCode: result.statusCode,
          error: result.error,
          durationMs: result.durationMs,
        });
        if (result.ok) {
          attempts = 0;
          if (!(await this.subscriptions.advance(id, this.workerId, position))) return;
          continue;
        }
        const reason = disableReason(result, subscription.failingSince, new Date());
        await this.subscriptions.recordFailure(
          id,
          this.workerId,
          attempts + 1,
          retryDelaySeconds(this.retrySeconds, attempts + 1),
          reason,
        );
        if (reason) this.logger.warn(`webhook ${id} disabled: ${reason}`);
        return;
      }
      if (passedOver) await this.subscriptions.advance(id, this.workerId, passedOver);
    } finally {
      await this.subscriptions.releaseLease(id, this.workerId);
    }
  }
}
