import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AppConfig, asSystem, withoutCredentials } from '@landbridge/common';
import { connect, type JetStreamClient, nanos, type NatsConnection } from 'nats';
import type { Counter } from 'prom-client';
import { BrokerPositionsRepository } from './broker-positions.repository.js';
import { DeliveryMetrics } from './delivery-metrics.js';
import { nextBackoff } from './publish-backoff.js';
import { RelayLoop } from './relay-loop.js';
import { StatusEventsListener } from '../status-events/status-events.listener.js';
import { StatusEventsService } from '../status-events/status-events.service.js';

const BATCH = 200;
const LEASE_SECONDS = 15;
const POLL_MS = 1000;
const MAX_BACKOFF_MS = 10_000;
/** JetStream drops a message whose Nats-Msg-Id it has seen within this window. */
const DUPLICATE_WINDOW_MS = 24 * 3_600_000;

/**
 * Publishes every update event to JetStream (subject `<prefix>.<type>`, e.g.
 * `landbridge.consignment.eta_changed`; header Nats-Msg-Id = the event id) when NATS_URL is set. A
 * single cursor in the feed, leased by one worker at a time, moves only past events the stream has
 * acknowledged; while NATS is unreachable nothing moves and writes go on, and when it returns the
 * backlog is published. A message published twice (a crash between the acknowledgement and the cursor
 * update) is dropped by JetStream's de-duplication on Nats-Msg-Id. Starts from the end of the feed at
 * the first start with NATS_URL.
 */
@Injectable()
export class NatsPublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NatsPublisher.name);
  private readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly url: string | undefined;
  private readonly stream: string;
  private readonly prefix: string;
  private readonly cursor: string;
  private readonly attemptsTotal: Counter<'destination' | 'result'>;
  private connection: NatsConnection | undefined;
  private jetstream: JetStreamClient | undefined;
  private readonly loop: RelayLoop;
  private backoff = 0;

  constructor(
    private readonly positions: BrokerPositionsRepository,
    private readonly statusEvents: StatusEventsService,
    listener: StatusEventsListener,
    config: ConfigService<AppConfig, true>,
    deliveryMetrics: DeliveryMetrics,
  ) {
    this.url = config.get('NATS_URL', { infer: true });
    this.stream = config.get('NATS_STREAM', { infer: true });
    this.prefix = config.get('NATS_SUBJECT_PREFIX', { infer: true });
    this.cursor = `nats:${this.stream}`;
    this.attemptsTotal = deliveryMetrics.attempts;
    this.loop = new RelayLoop(listener, () => this.round(), POLL_MS, this.logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.url) return;
    await asSystem(() => this.positions.startAtEnd(this.cursor));
    this.loop.start();
    this.logger.log(`publishing update events to ${this.prefix}.<type> on ${withoutCredentials(this.url)}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    await this.connection?.close().catch(() => undefined);
  }

  /** Publishes what is pending; the wait before the next round, longer (a back-off) while NATS fails. */
  private async round(): Promise<number> {
    try {
      await this.publishBacklog();
      this.backoff = 0;
    } catch (error) {
      this.attemptsTotal.inc({ destination: 'nats', result: 'failed' });
      if (this.backoff === 0) this.logger.warn(`cannot publish to NATS (${(error as Error).message}); retrying`);
      this.backoff = nextBackoff(this.backoff, POLL_MS, MAX_BACKOFF_MS);
    }
    return this.backoff || POLL_MS;
  }

  private async publishBacklog(): Promise<void> {
    const lease = await this.positions.lease(this.cursor, this.workerId, LEASE_SECONDS);
    if (!lease) return; // another worker publishes
    const js = await this.connect();
    let position = lease;
    for (;;) {
      const batch = await this.statusEvents.readAfter(undefined, position, BATCH);
      if (!batch.length) return;
      await Promise.all(
        batch.map(({ event }) =>
          js.publish(`${this.prefix}.${event.type}`, JSON.stringify(event), { msgID: event.id }),
        ),
      );
      this.attemptsTotal.inc({ destination: 'nats', result: 'delivered' }, batch.length);
      position = batch.at(-1)!.position;
      const moved = await this.positions.advance(this.cursor, this.workerId, position, LEASE_SECONDS);
      if (!moved || batch.length < BATCH) return;
    }
  }

  private async connect(): Promise<JetStreamClient> {
    if (this.jetstream && this.connection && !this.connection.isClosed()) return this.jetstream;
    await this.connection?.close().catch(() => undefined);
    const connection = await connect({
      servers: this.url,
      name: `landbridge ${this.workerId}`,
      timeout: 2000,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    const manager = await connection.jetstreamManager();
    await manager.streams.info(this.stream).catch(async () => {
      await manager.streams.add({
        name: this.stream,
        subjects: [`${this.prefix}.>`],
        duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      });
    });
    this.connection = connection;
    this.jetstream = connection.jetstream({ timeout: 5000 });
    return this.jetstream;
  }
}
