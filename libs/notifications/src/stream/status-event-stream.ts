import type { ServerResponse } from 'node:http';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AppConfig, type Caller, MetricsService, ownerScope, principalOf } from '@landbridge/common';
import { isUUID } from 'class-validator';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Gauge } from 'prom-client';
import { MalformedLastEventIdError } from '../notifications-errors.js';
import { StatusEventsListener } from '../status-events/status-events.listener.js';
import { type FeedPosition, StatusEventsService } from '../status-events/status-events.service.js';
import { StreamHub } from './stream-hub.js';
import { StreamSlots, StreamsUnavailableError } from './stream-slots.js';

const SHUTTING_DOWN = 'This server is shutting down; reconnect (another serves the same stream)';

/**
 * GET /events/stream: server-sent events of the caller's status changes. The streams of this process
 * share one feed reader (StreamHub), woken by PostgreSQL notifications from any process and every second
 * besides (for events that become readable when an older transaction ends), so several api processes
 * serve the same stream and a reconnect with Last-Event-ID misses nothing. A principal (API key, else
 * user) may hold STREAMS_PER_CALLER streams (429 beyond), a process STREAMS_PER_PROCESS (503 beyond).
 */
@Injectable()
export class StatusEventStream implements OnModuleDestroy {
  private readonly logger = new Logger(StatusEventStream.name);
  private readonly open = new Set<ServerResponse>();
  private readonly clients: Gauge;
  private readonly slots: StreamSlots;
  private readonly hub: StreamHub;
  private closing = false;

  constructor(
    private readonly events: StatusEventsService,
    listener: StatusEventsListener,
    metrics: MetricsService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.clients = new Gauge({
      name: 'landbridge_sse_clients',
      help: 'Clients connected to GET /events/stream',
      registers: [metrics.registry],
    });
    this.slots = new StreamSlots(
      config.get('STREAMS_PER_CALLER', { infer: true }),
      config.get('STREAMS_PER_PROCESS', { infer: true }),
    );
    this.hub = new StreamHub(events, listener, this.logger);
  }

  /** Ends every stream when the server closes, so that shutdown does not wait for clients to leave. */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('preClose', (done) => {
      this.shutDown();
      for (const response of this.open) response.end();
      done();
    });
  }

  onModuleDestroy(): void {
    this.shutDown();
  }

  async serve(caller: Caller, lastEventId: string | undefined, reply: FastifyReply): Promise<void> {
    const exporterId = ownerScope(caller);
    if (lastEventId !== undefined && !isUUID(lastEventId)) {
      throw new MalformedLastEventIdError(lastEventId);
    }
    if (this.closing) throw new StreamsUnavailableError(SHUTTING_DOWN);
    const raw = reply.raw;
    const release = this.slots.take(principalOf(caller));
    // A client that leaves while its start is looked up gives its slot back at once as well.
    let gone = false;
    const leftEarly = () => {
      gone = true;
      release();
    };
    raw.once('close', leftEarly);
    let position: FeedPosition;
    try {
      position = lastEventId
        ? await this.events.positionOf(exporterId, lastEventId, 'Last-Event-ID')
        : await this.events.currentPosition();
      if (this.closing) throw new StreamsUnavailableError(SHUTTING_DOWN);
    } catch (error) {
      raw.off('close', leftEarly);
      release();
      throw error;
    }
    raw.off('close', leftEarly);
    void reply.hijack();
    if (gone) return;

    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': String(reply.request.id),
    });
    raw.write('retry: 2000\n\n');
    this.open.add(raw);
    this.clients.inc();
    const leave = this.hub.add(raw, exporterId, position, lastEventId !== undefined);
    raw.once('close', () => {
      leave();
      release();
      this.open.delete(raw);
      this.clients.dec();
    });
  }

  private shutDown(): void {
    this.closing = true;
    this.hub.close();
  }
}
