import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import { type Caller, InvalidInputError, MetricsService, ownerScope } from '@landbridge/common';
import { isUUID } from 'class-validator';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Gauge } from 'prom-client';
import { StatusEventsListener } from '../status-events/status-events.listener.js';
import { type FeedPosition, StatusEventsService } from '../status-events/status-events.service.js';

const BATCH = 200;
const POLL_MS = 1000;
const HEARTBEAT_MS = 15_000;

/**
 * GET /events/stream: server-sent events of the caller's status changes. Each client reads the feed
 * after its own position, woken by PostgreSQL notifications from any process (and every second besides,
 * for events that become readable when an older transaction ends), so several api processes serve the
 * same stream and a reconnect with Last-Event-ID misses nothing.
 */
@Injectable()
export class StatusEventStream {
  private readonly logger = new Logger(StatusEventStream.name);
  private readonly open = new Set<ServerResponse>();
  private readonly clients: Gauge;

  constructor(
    private readonly events: StatusEventsService,
    private readonly listener: StatusEventsListener,
    metrics: MetricsService,
  ) {
    this.clients = new Gauge({
      name: 'landbridge_sse_clients',
      help: 'Clients connected to GET /events/stream',
      registers: [metrics.registry],
    });
  }

  /** Ends every stream when the server closes, so that shutdown does not wait for clients to leave. */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('preClose', (done) => {
      for (const response of this.open) response.end();
      done();
    });
  }

  async serve(caller: Caller, lastEventId: string | undefined, reply: FastifyReply): Promise<void> {
    const exporterId = ownerScope(caller);
    if (lastEventId !== undefined && !isUUID(lastEventId)) {
      throw new InvalidInputError('Last-Event-ID is not an event id', [
        { field: 'Last-Event-ID', message: 'must be the id (a UUID) of an event you received' },
      ]);
    }
    let position: FeedPosition = lastEventId
      ? await this.events.positionOf(exporterId, lastEventId, 'Last-Event-ID')
      : await this.events.currentPosition();

    void reply.hijack();
    const raw = reply.raw;
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

    let closed = false;
    let reading = false;
    let again = false;
    const pump = async () => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        do {
          again = false;
          for (;;) {
            const batch = await this.events.readAfter(exporterId, position, BATCH);
            for (const { event, position: next } of batch) {
              if (closed) return;
              if (!raw.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)) {
                await once(raw, 'drain');
              }
              position = next;
            }
            if (batch.length < BATCH) break;
          }
        } while (again && !closed);
      } catch (error) {
        this.logger.warn(`stream read failed (${(error as Error).message}); retrying`);
      } finally {
        reading = false;
      }
    };
    const unsubscribe = this.listener.subscribe(() => void pump());
    const poll = setInterval(() => void pump(), POLL_MS);
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    raw.on('close', () => {
      closed = true;
      unsubscribe();
      clearInterval(poll);
      clearInterval(heartbeat);
      this.open.delete(raw);
      this.clients.dec();
    });
    await pump();
  }
}
