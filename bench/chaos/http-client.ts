import type { Prng } from './prng.js';

/** What a chaos client asks of the api, for the table and the checks. */
export type RequestKind = 'setup' | 'train' | 'booking' | 'loading' | 'train-event' | 'consignment-event' | 'feed';

interface Attempt {
  api: string;
  /** The HTTP status, or null for a network error or a timeout. */
  status: number | null;
  error?: string;
  replayed: boolean;
}

export interface RecordedRequest {
  kind: RequestKind;
  method: string;
  path: string;
  key: string | undefined;
  body: unknown;
  attempts: Attempt[];
  /** The status of the answer the client kept (2xx or a 4xx it does not retry); null when it gave up. */
  final: number | null;
  response: unknown;
}

const ATTEMPT_TIMEOUT_MS = 20_000;

/** A 409 that says the first request with this Idempotency-Key is still running: wait and send it again. */
const IN_FLIGHT = /still being processed/;

/**
 * A client of the api's processes as a handheld or an integrator would be behind a load balancer: each
 * attempt goes to one of the api processes, and an attempt that fails on the way (a network error, a
 * timeout, a 5xx, 429, or a 409 while the same Idempotency-Key is in flight) is sent again, with the same
 * key, until an answer the client keeps or `giveUpAt`. Every request and attempt is recorded.
 */
export class ChaosHttpClient {
  readonly requests: RecordedRequest[] = [];

  constructor(
    private readonly apis: readonly string[],
    private readonly random: Prng,
    /** Epoch ms after which a request still unanswered is given up (the run's end). */
    public giveUpAt: number,
  ) {}

  async send<T>(
    kind: RequestKind,
    token: string | undefined,
    method: string,
    path: string,
    options: { body?: unknown; key?: string; record?: boolean } = {},
  ): Promise<{ status: number | null; body: T }> {
    const request: RecordedRequest = {
      kind,
      method,
      path,
      key: options.key,
      body: options.body,
      attempts: [],
      final: null,
      response: undefined,
    };
    if (options.record !== false) this.requests.push(request);
    let wait = 200;
    for (;;) {
      const api = this.random.pick(this.apis);
      const attempt: Attempt = { api, status: null, replayed: false };
      request.attempts.push(attempt);
      let retryAfterMs = 0;
      try {
        const response = await fetch(api + path, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(options.key ? { 'idempotency-key': options.key } : {}),
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
        });
        const text = await response.text();
        attempt.status = response.status;
        attempt.replayed = response.headers.get('idempotent-replayed') === 'true';
        const body = text ? (JSON.parse(text) as T) : (undefined as T);
        const retry =
          response.status >= 500 || response.status === 429 || (response.status === 409 && IN_FLIGHT.test(text));
        if (!retry) {
          request.final = response.status;
          request.response = body;
          return { status: response.status, body };
        }
        attempt.error = text.slice(0, 200);
        retryAfterMs = Number(response.headers.get('retry-after') ?? 0) * 1000;
      } catch (error) {
        attempt.error = (error as Error).message;
      }
      if (Date.now() > this.giveUpAt) return { status: null, body: undefined as T };
      await new Promise((done) => setTimeout(done, Math.max(wait, retryAfterMs)));
      wait = Math.min(wait * 2, 2000);
    }
  }

  /** `send`, for a request that must succeed (the setup): throws on anything but 2xx. */
  async must<T>(token: string | undefined, method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.send<T>('setup', token, method, path, { body });
    if (answer.status === null || answer.status >= 300) {
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }
}
