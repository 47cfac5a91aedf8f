import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IdempotencyRepository } from './idempotency.repository.js';

export type ClaimResult =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'mismatch' }
  | { kind: 'in-flight' };

/**
 * Idempotency keys in PostgreSQL, so they hold across restarts and several api processes. A key is
 * claimed atomically: exactly one request runs, the others replay its stored response, are told it is
 * still in flight, or that the key was used for another request.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly keys: IdempotencyRepository) {}

  static fingerprint(method: string, url: string, body: unknown): Buffer {
    return createHash('sha256')
      .update(`${method} ${url}\n${JSON.stringify(body ?? null)}`)
      .digest();
  }

  async claim(callerId: string, key: string, requestHash: Buffer): Promise<ClaimResult> {
    if (await this.keys.claim(callerId, key, requestHash)) return { kind: 'claimed' };
    const held = await this.keys.read(callerId, key);
    if (!held) return this.claim(callerId, key, requestHash); // purged in between: try again
    if (!held.requestHash.equals(requestHash)) return { kind: 'mismatch' };
    if (held.state !== 'completed') return { kind: 'in-flight' };
    return {
      kind: 'replay',
      status: held.responseStatus!,
      headers: held.responseHeaders!,
      body: held.responseBody!,
    };
  }

  /** Stores the response to replay; in `em`'s transaction when given (it then commits with the write). */
  complete(
    callerId: string,
    key: string,
    status: number,
    headers: Record<string, string>,
    body: string,
    em?: EntityManager,
  ): Promise<void> {
    return this.keys.complete(callerId, key, status, headers, body, em);
  }

  /** A request that failed on the server side leaves no trace: the client may retry with the same key. */
  release(callerId: string, key: string): Promise<void> {
    return this.keys.release(callerId, key);
  }

  /** Forgets keys older than the retention period (run from time to time; claims ignore them anyway). */
  purge(): Promise<number> {
    return this.keys.purgeExpired();
  }
}
