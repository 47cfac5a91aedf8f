import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AppConfig, MetricsService } from '@landbridge/common';
import { type Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { StatusEventsListener } from '../status-events/status-events.listener.js';
import { type FeedPosition, StatusEventsService } from '../status-events/status-events.service.js';
import { sendWebhook } from '../webhooks/webhook-sender.js';
import { WebhookSecrets } from '../webhooks/webhook-secrets.js';
import { WebhooksService } from '../webhooks/webhooks.service.js';
import { DeliveryMetrics } from './delivery-metrics.js';
import { RelayLoop } from './relay-loop.js';

/** Longer than one attempt (10 s); renewed before each, so a crashed worker's subscriptions resume within it. */
const LEASE_SECONDS = 15;
const CLAIM = 20;
const BATCH = 50;
const POLL_MS = 1000;
const GIVE_UP_MS = 3 * 24 * 3_600_000;

interface Claimed {
  id: string;
  url: string;
  secret: string;
  exporter_id: string | null;
  tx: string;
  seq: string;
  attempts: number;
  failing_since: Date | null;
}

/**
 * Delivers status events to webhook subscriptions. Each subscription is a cursor in the feed: a worker
 * leases due subscriptions (FOR UPDATE SKIP LOCKED, so several workers share the work without doing it
 * twice), sends the events after the cursor in feed order, one at a time, and moves the cursor only
 * past what the receiver acknowledged with a 2xx. A crash loses nothing: the lease runs out and the
 * events after the cursor are sent again, with the same webhook-id. A failure waits out the retry
 * schedule (with jitter) before the same event is tried again; 410 Gone, or 3 days of failures, disables
 * the subscription with the reason.
 */
@Injectable()
export class WebhookRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookRelay.name);
  private readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly retrySeconds: number[];
  private readonly attemptsTotal: Counter<'destination' | 'result'>;
  private readonly loop: RelayLoop;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly statusEvents: StatusEventsService,
    listener: StatusEventsListener,
    private readonly webhooks: WebhooksService,
    private readonly secrets: WebhookSecrets,
    config: ConfigService<AppConfig, true>,
    metrics: MetricsService,
    deliveryMetrics: DeliveryMetrics,
  ) {
    this.retrySeconds = config.get('WEBHOOK_RETRY_SECONDS', { infer: true }).split(',').map(Number);
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
    const dataSourceRef = this.dataSource;
    new Gauge({
      name: 'landbridge_outbox_backlog',
      help: 'Status events not yet delivered to the furthest-behind active webhook subscription',
      registers: [metrics.registry],
      async collect() {
        const [row] = await dataSourceRef.query<{ backlog: string }[]>(
          `SELECT count(*) AS backlog FROM status_events e, (
             SELECT position_tx, position_seq FROM webhook_subscriptions WHERE status = 'active'
             ORDER BY position_tx, position_seq LIMIT 1) s
           WHERE (e.tx_id, e.seq) > (s.position_tx, s.position_seq)`,
        );
        this.set(Number(row?.backlog ?? 0));
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
    const claimed = await this.dataSource.query<Claimed[]>(
      `WITH c AS (
         UPDATE webhook_subscriptions s SET leased_until = now() + make_interval(secs => $2), leased_by = $1
         WHERE s.id IN (
           SELECT id FROM webhook_subscriptions
           WHERE status = 'active' AND next_attempt_at <= now() AND (leased_until IS NULL OR leased_until < now())
           ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING s.*
       ) SELECT id, url, secret, exporter_id, position_tx::text AS tx, position_seq::text AS seq, attempts, failing_since
         FROM c`,
      [this.workerId, LEASE_SECONDS, CLAIM],
    );
    await Promise.all(claimed.map((subscription) => this.deliver(subscription)));
  }

  private async deliver(subscription: Claimed): Promise<void> {
    try {
      const target = { url: subscription.url, secret: this.secrets.open(subscription.secret) };
      const events = await this.statusEvents.readAfter(
        subscription.exporter_id ?? undefined,
        { tx: subscription.tx, seq: subscription.seq },
        BATCH,
      );
      let attempts = subscription.attempts;
      for (const { event, position } of events) {
        if (!this.loop.active || !(await this.renew(subscription.id))) return;
        const result = await sendWebhook(target, event, this.webhooks.policy);
        this.attemptsTotal.inc({ destination: 'webhook', result: result.ok ? 'delivered' : 'failed' });
        await this.dataSource.query(
          `INSERT INTO webhook_deliveries (subscription_id, event_id, attempt, succeeded, status_code, error, duration_ms)
           SELECT id, $2, $3, $4, $5, $6, $7 FROM webhook_subscriptions WHERE id = $1`,
          [subscription.id, event.id, attempts + 1, result.ok, result.statusCode, result.error, result.durationMs],
        );
        if (result.ok) {
          attempts = 0;
          if (!(await this.advance(subscription.id, position))) return;
          continue;
        }
        const failingSince = subscription.failing_since ?? new Date();
        const reason =
          result.statusCode === 410
            ? 'the receiver answered 410 Gone'
            : Date.now() - failingSince.getTime() > GIVE_UP_MS
              ? `failing since ${failingSince.toISOString()}, last: ${result.error ?? `HTTP ${result.statusCode}`}`
              : null;
        await this.failed(subscription.id, attempts + 1, reason);
        return;
      }
    } finally {
      await this.dataSource.query(
        'UPDATE webhook_subscriptions SET leased_until = NULL, leased_by = NULL WHERE id = $1 AND leased_by = $2',
        [subscription.id, this.workerId],
      );
    }
  }

  /** Extends the lease for one more attempt; false when it was lost to another worker. */
  private async renew(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH u AS (
         UPDATE webhook_subscriptions SET leased_until = now() + make_interval(secs => $3)
         WHERE id = $1 AND leased_by = $2 RETURNING id
       ) SELECT id FROM u`,
      [id, this.workerId, LEASE_SECONDS],
    );
    return rows.length > 0;
  }

  /** Moves the cursor past an acknowledged event; false when the lease was lost to another worker. */
  private async advance(id: string, position: FeedPosition): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH u AS (
         UPDATE webhook_subscriptions SET position_tx = $3::xid8, position_seq = $4, attempts = 0, failing_since = NULL
         WHERE id = $1 AND leased_by = $2 RETURNING id
       ) SELECT id FROM u`,
      [id, this.workerId, position.tx, position.seq],
    );
    return rows.length > 0;
  }

  private async failed(id: string, attempts: number, disableReason: string | null): Promise<void> {
    const base = this.retrySeconds[Math.min(attempts, this.retrySeconds.length) - 1] ?? 5;
    const delaySeconds = base * (0.8 + Math.random() * 0.4); // jitter: receivers coming back are not stampeded
    await this.dataSource.query(
      `UPDATE webhook_subscriptions SET attempts = $3, failing_since = COALESCE(failing_since, now()),
         next_attempt_at = now() + make_interval(secs => $4),
         status = CASE WHEN $5::text IS NULL THEN status ELSE 'disabled' END, disabled_reason = $5
       WHERE id = $1 AND leased_by = $2`,
      [id, this.workerId, attempts, delaySeconds, disableReason],
    );
    if (disableReason) this.logger.warn(`webhook ${id} disabled: ${disableReason}`);
  }
}
