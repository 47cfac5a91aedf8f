import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, queryRow, queryRows, rawSql, sql } from '../database/sql.js';

/** How long a key is remembered, and how long a request may hold it before another may take over. */
const RETENTION_HOURS = 24;
const IN_FLIGHT_LEASE_SECONDS = 60;

const RETENTION = rawSql(`make_interval(hours => ${RETENTION_HOURS})`);
const IN_FLIGHT_LEASE = rawSql(`make_interval(secs => ${IN_FLIGHT_LEASE_SECONDS})`);

/** A remembered key: the request it was claimed for and, once completed, the response to replay. */
export interface IdempotencyRecord {
  requestHash: Buffer;
  state: 'in_flight' | 'completed';
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
}

/** The table idempotency_keys: one row per caller and key, claimed, completed or released. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims a key for a request, atomically (INSERT … ON CONFLICT): true when this request may run, that
   * is when the key is new, past its retention, or left in flight past its lease by the same request.
   */
  async claim(callerId: string, key: string, requestHash: Buffer): Promise<boolean> {
    const claimed = await queryRows<unknown>(
      this.dataSource,
      sql`INSERT INTO idempotency_keys (caller_id, key, request_hash, state, locked_until)
       VALUES (${callerId}, ${key}, ${requestHash}, 'in_flight', now() + ${IN_FLIGHT_LEASE})
       ON CONFLICT (caller_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, state = 'in_flight',
         locked_until = EXCLUDED.locked_until, created_at = now(),
         response_status = NULL, response_headers = NULL, response_body = NULL
       WHERE idempotency_keys.created_at < now() - ${RETENTION}
          OR (idempotency_keys.state = 'in_flight' AND idempotency_keys.locked_until < now()
              AND idempotency_keys.request_hash = EXCLUDED.request_hash)
       RETURNING 1`,
    );
    return claimed.length > 0;
  }

  /** The key as remembered, or undefined when there is none (never claimed, released or purged). */
  async read(callerId: string, key: string): Promise<IdempotencyRecord | undefined> {
    return queryRow<IdempotencyRecord>(
      this.dataSource,
      sql`SELECT request_hash AS "requestHash", state, response_status AS "responseStatus",
         response_headers AS "responseHeaders", response_body AS "responseBody"
       FROM idempotency_keys WHERE caller_id = ${callerId} AND key = ${key}`,
    );
  }

  /** Stores the response of the request that claimed the key, to replay it (in `em`'s transaction when given). */
  async complete(
    callerId: string,
    key: string,
    status: number,
    headers: Record<string, string>,
    body: string,
    em?: EntityManager,
  ): Promise<void> {
    await execute(
      em ?? this.dataSource,
      sql`UPDATE idempotency_keys SET state = 'completed', response_status = ${status},
         response_headers = ${headers}, response_body = ${body}
       WHERE caller_id = ${callerId} AND key = ${key}`,
    );
  }

  /** Forgets a key, so the client may use it again. */
  async release(callerId: string, key: string): Promise<void> {
    await execute(this.dataSource, sql`DELETE FROM idempotency_keys WHERE caller_id = ${callerId} AND key = ${key}`);
  }

  /** Deletes the keys older than the retention period; returns how many. */
  async purgeExpired(): Promise<number> {
    const row = await queryRow<{ purged: number }>(
      this.dataSource,
      sql`WITH purged AS (
         DELETE FROM idempotency_keys WHERE created_at < now() - ${RETENTION} RETURNING 1
       ) SELECT count(*)::int AS purged FROM purged`,
    );
    return row?.purged ?? 0;
  }
}
