import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How long a key is remembered, and how long a request may hold it before another may take over. */
export const RETENTION_HOURS = 24;
const IN_FLIGHT_LEASE_SECONDS = 60;

export type ClaimResult =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'mismatch' }
  | { kind: 'in-flight' };

/**
 * Idempotency keys in PostgreSQL, so they hold across restarts and several api processes. A key is
 * claimed atomically (INSERT … ON CONFLICT): exactly one request runs, the others replay its stored
 * response or are told it is still in flight.
 */
@Injectable()
export class IdempotencyStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  static fingerprint(method: string, url: string, body: unknown): Buffer {
    return createHash('sha256')
      .update(`${method} ${url}\n${JSON.stringify(body ?? null)}`)
      .digest();
  }

  async claim(callerId: string, key: string, requestHash: Buffer): Promise<ClaimResult> {
    const claimed = await this.dataSource.query<unknown[]>(
      `INSERT INTO idempotency_keys (caller_id, key, request_hash, state, locked_until)
       VALUES ($1, $2, $3, 'in_flight', now() + make_interval(secs => ${IN_FLIGHT_LEASE_SECONDS}))
       ON CONFLICT (caller_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, state = 'in_flight',
         locked_until = EXCLUDED.locked_until, created_at = now(),
         response_status = NULL, response_headers = NULL, response_body = NULL
       WHERE idempotency_keys.created_at < now() - make_interval(hours => ${RETENTION_HOURS})
          OR (idempotency_keys.state = 'in_flight' AND idempotency_keys.locked_until < now()
              AND idempotency_keys.request_hash = EXCLUDED.request_hash)
       RETURNING 1`,
      [callerId, key, requestHash],
    );
    if (claimed.length) return { kind: 'claimed' };
    const [row] = await this.dataSource.query<
      {
        request_hash: Buffer;
        state: string;
        response_status: number;
        response_headers: Record<string, string>;
        response_body: string;
      }[]
    >(
      `SELECT request_hash, state, response_status, response_headers, response_body
       FROM idempotency_keys WHERE caller_id = $1 AND key = $2`,
      [callerId, key],
    );
    if (!row) return this.claim(callerId, key, requestHash); // purged in between: try again
    if (!row.request_hash.equals(requestHash)) return { kind: 'mismatch' };
    if (row.state !== 'completed') return { kind: 'in-flight' };
    return { kind: 'replay', status: row.response_status, headers: row.response_headers, body: row.response_body };
  }

  async complete(
    callerId: string,
    key: string,
    status: number,
    headers: Record<string, string>,
    body: string,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'completed', response_status = $3, response_headers = $4, response_body = $5
       WHERE caller_id = $1 AND key = $2`,
      [callerId, key, status, headers, body],
    );
  }

  /** A request that failed on the server side leaves no trace: the client may retry with the same key. */
  async release(callerId: string, key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_keys WHERE caller_id = $1 AND key = $2', [callerId, key]);
  }

  /** Forgets keys older than the retention period (run from time to time; reads ignore them anyway). */
  async purge(): Promise<number> {
    const [row] = await this.dataSource.query<{ purged: number }[]>(
      `WITH purged AS (
         DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => ${RETENTION_HOURS}) RETURNING 1
       ) SELECT count(*)::int AS purged FROM purged`,
    );
    return row?.purged ?? 0;
  }
}
