import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { AckPolicy, connect, DeliverPolicy, type NatsConnection } from 'nats';
import { Webhook } from 'standardwebhooks';
import { sseFrames } from '../../test/support/sse.js';
import type { ChaosHttpClient } from './http-client.js';
import type { Prng } from './prng.js';

/** An update event as a consumer receives it. */
export interface Delivered {
  id: string;
  type: string;
  exporterId: string;
  consignmentId: string;
}

function delivered(event: { id: string; type: string; data: Record<string, unknown> }): Delivered {
  return {
    id: event.id,
    type: event.type,
    exporterId: String(event.data.exporterId),
    consignmentId: String(event.data.consignmentId),
  };
}

/**
 * An integrator's webhook endpoint that verifies every delivery (standardwebhooks) and, while `chaotic`,
 * answers some with 500 and leaves some unanswered (the sender times out). `accepted` holds the
 * deliveries it answered 2xx, in the order it answered them.
 */
export class WebhookReceiver {
  readonly accepted: Delivered[] = [];
  readonly stats = { requests: 0, answered500: 0, leftUnanswered: 0, badSignatures: 0 };
  chaotic = true;
  private verifier: Webhook | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(random: Prng): Promise<WebhookReceiver> {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const receiver = new WebhookReceiver(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/landbridge`,
    );
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () =>
        receiver.receive(Buffer.concat(chunks).toString('utf8'), request.headers, random, response),
      );
    });
    return receiver;
  }

  setSecret(secret: string): void {
    this.verifier = new Webhook(secret);
  }

  close(): Promise<void> {
    return new Promise((done) => {
      this.server.closeAllConnections();
      this.server.close(() => done());
    });
  }

  private receive(
    raw: string,
    headers: IncomingHttpHeaders,
    random: Prng,
    response: { writeHead(status: number): { end(): void } },
  ): void {
    this.stats.requests += 1;
    try {
      this.verifier!.verify(raw, headers as Record<string, string>);
    } catch {
      this.stats.badSignatures += 1;
      response.writeHead(401).end();
      return;
    }
    if (this.chaotic && random.chance(0.03)) {
      this.stats.leftUnanswered += 1; // the sender gives up after 10 s; closed with the server at the end
      return;
    }
    if (this.chaotic && random.chance(0.15)) {
      this.stats.answered500 += 1;
      response.writeHead(500).end();
      return;
    }
    this.accepted.push(delivered(JSON.parse(raw) as Parameters<typeof delivered>[0]));
    response.writeHead(204).end();
  }
}

/**
 * An exporter's (or staff's) client of GET /events/stream: it connects to one api process after another,
 * resuming with Last-Event-ID (the last event it received, or the one it started from) whenever the
 * stream ends — an api killed, or the client leaving on its own every 10–40 s to change process.
 */
export class SseClient {
  readonly received: Delivered[] = [];
  resumes = 0;
  private lastId: string;
  private running = true;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly apis: readonly string[],
    private readonly key: string,
    readonly startAfter: string,
    private readonly random: Prng,
  ) {
    this.lastId = startAfter;
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort?.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let next = this.random.int(0, this.apis.length - 1);
    while (this.running) {
      const api = this.apis[next++ % this.apis.length]!;
      this.abort = new AbortController();
      const leave = setTimeout(() => this.abort?.abort(), this.random.int(10_000, 40_000));
      try {
        const response = await fetch(`${api}/api/v1/events/stream`, {
          headers: { authorization: `Bearer ${this.key}`, 'last-event-id': this.lastId },
          signal: this.abort.signal,
        });
        if (response.status === 200 && response.body) await this.read(response.body);
        else await response.body?.cancel();
      } catch {
        // the process went away, or the client left: resume elsewhere
      }
      clearTimeout(leave);
      if (this.running) {
        this.resumes += 1;
        await new Promise((done) => setTimeout(done, 300));
      }
    }
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      const { frames, rest } = sseFrames(buffer + decoder.decode(chunk, { stream: true }));
      buffer = rest;
      for (const { data } of frames) {
        if (!data) continue;
        const event = delivered(JSON.parse(data) as Parameters<typeof delivered>[0]);
        this.received.push(event);
        this.lastId = event.id;
      }
    }
  }
}

/**
 * An integrator's ERP following GET /events with `after` (the last id it processed), through any api
 * process, every half second while there is nothing new.
 */
export class FeedFollower {
  readonly received: Delivered[] = [];
  private running = true;
  private loop: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly client: ChaosHttpClient,
    private readonly key: string,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const after = this.received.at(-1)?.id;
      const { status, body } = await this.client.send<{ items: Parameters<typeof delivered>[0][] }>(
        'feed',
        this.key,
        'GET',
        `/api/v1/events?limit=200${after ? `&after=${after}` : ''}`,
        { record: false },
      );
      if (status === 200) this.received.push(...body.items.map(delivered));
      if (status !== 200 || body.items.length < 200) await new Promise((done) => setTimeout(done, 500));
    }
  }
}

/**
 * A JetStream consumer on the private NATS: a durable pull consumer of the whole stream with explicit
 * acknowledgements, that reconnects through NATS outages. It records each message's event and stream
 * sequence, in stream order (the order the publisher put them in).
 */
export class NatsConsumer {
  readonly received: (Delivered & { streamSeq: number; msgId: string })[] = [];
  errors = 0;
  private running = true;
  private connection: NatsConnection | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly stream: string,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.connection?.close().catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.connection ??= await connect({
          servers: this.url,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 250,
          timeout: 2000,
        });
        const manager = await this.connection.jetstreamManager();
        await manager.consumers.add(this.stream, {
          durable_name: 'chaos',
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          ack_wait: 5_000_000_000,
        });
        const consumer = await this.connection.jetstream().consumers.get(this.stream, 'chaos');
        while (this.running) {
          const batch = await consumer.fetch({ max_messages: 200, expires: 1000 });
          for await (const message of batch) {
            const event = delivered(message.json<Parameters<typeof delivered>[0]>());
            // Kept in stream order (a redelivery may come after later messages): the order the publisher made.
            let at = this.received.length;
            while (at > 0 && this.received[at - 1]!.streamSeq > message.seq) at--;
            this.received.splice(at, 0, {
              ...event,
              streamSeq: message.seq,
              msgId: message.headers?.get('Nats-Msg-Id') ?? '',
            });
            message.ack();
          }
        }
      } catch {
        this.errors += 1;
        await new Promise((done) => setTimeout(done, 500));
      }
    }
  }
}
