import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  emptySql,
  ownedBy,
  queryPrepared,
  queryRow,
  queryRows,
  sql,
  type Sql,
  type TenantScope,
  where,
} from '@landbridge/common';
import type pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { STATUS_CHANGED, type StatusChange, type StatusEventDto } from './status-event.dto.js';

/** A place in the feed: the writing transaction and the sequence number of an event. */
export interface FeedPosition {
  tx: string;
  seq: string;
}

export interface PositionedEvent {
  event: StatusEventDto;
  position: FeedPosition;
}

/** Notified (with no payload) when status events commit; readers then read after their position. */
const STATUS_EVENTS_CHANNEL = 'status_events';

interface StatusEventRow {
  id: string;
  occurred_at: Date;
  data: StatusEventDto['data'];
  tx: string;
  seq: string;
}

/** Only rows of transactions older than every one still running: a late commit never lands behind a reader. */
const COMMITTED_BEFORE_EVERY_RUNNING = sql`e.tx_id < pg_snapshot_xmin(pg_current_snapshot())`;

/**
 * The status events (table status_events): the outbox that the contexts changing a consignment's status
 * append to in their own transaction, and the feed read back from it in commit-safe order, `(tx_id, seq)`.
 */
@Injectable()
export class StatusEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One row per change, in the given order, inside the caller's transaction. */
  async append(em: EntityManager, changes: readonly StatusChange[]): Promise<void> {
    const rows = JSON.stringify(
      changes.map((change) => ({
        occurred_at: change.occurredAt.toISOString(),
        consignment_id: change.consignmentId,
        exporter_id: change.exporterId,
        data: {
          consignmentId: change.consignmentId,
          waybillNumber: change.waybillNumber,
          exporterId: change.exporterId,
          previousStatus: change.previousStatus,
          status: change.status,
          stationCode: change.stationCode,
          eta: change.eta?.toISOString() ?? null,
        },
      })),
    );
    await queryRows(
      em,
      sql`INSERT INTO status_events (occurred_at, consignment_id, exporter_id, data)
       SELECT x.occurred_at, x.consignment_id, x.exporter_id, x.data
       FROM ROWS FROM (jsonb_to_recordset(${rows}::jsonb) AS (occurred_at timestamptz, consignment_id uuid,
         exporter_id uuid, data jsonb)) WITH ORDINALITY AS x(occurred_at, consignment_id, exporter_id, data, n)
       ORDER BY x.n`,
    );
  }

  /** Wakes the listeners of every process when (and only if) the caller's transaction commits. */
  async notifyOnCommit(em: EntityManager): Promise<void> {
    await queryRows(em, sql`SELECT pg_notify(${STATUS_EVENTS_CHANNEL}, '')`);
  }

  /**
   * Subscribes a connection of its own (not the pool's: it stays in LISTEN) to the commits of status
   * events; the client then emits a `notification` for each committing transaction.
   */
  async listen(client: pg.Client): Promise<void> {
    await client.query(`LISTEN ${STATUS_EVENTS_CHANNEL}`);
  }

  /**
   * Up to `limit` events of `scope` after `position` (from the start when null), in commit-safe order,
   * each with its own position to continue from. A named prepared statement: every reader (feed, streams,
   * relays) runs it over and over.
   */
  async readAfter(scope: TenantScope, position: FeedPosition | null, limit: number): Promise<PositionedEvent[]> {
    const after: Sql = position ? sql`(e.tx_id, e.seq) > (${position.tx}::xid8, ${position.seq}::bigint)` : emptySql;
    const rows = await queryPrepared<StatusEventRow>(
      this.dataSource,
      sql`SELECT e.id, e.occurred_at, e.data, e.tx_id::text AS tx, e.seq::text AS seq FROM status_events e
       ${where(COMMITTED_BEFORE_EVERY_RUNNING, ownedBy(scope, 'e.exporter_id'), after)} ORDER BY e.tx_id, e.seq LIMIT ${limit}`,
    );
    return rows.map((row) => ({
      event: { id: row.id, type: STATUS_CHANGED, occurredAt: row.occurred_at.toISOString(), data: row.data },
      position: { tx: row.tx, seq: row.seq },
    }));
  }

  /** The end of the feed now: every event after it is still to come. */
  async currentPosition(): Promise<FeedPosition> {
    const row = await queryRow<{ tx: string }>(
      this.dataSource,
      sql`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS tx`,
    );
    return { tx: row!.tx, seq: '0' };
  }

  /** The position of event `id` if it is in `scope`. */
  async positionOf(scope: TenantScope, id: string): Promise<FeedPosition | undefined> {
    return queryRow<FeedPosition>(
      this.dataSource,
      sql`SELECT tx_id::text AS tx, seq::text AS seq FROM status_events
       WHERE id = ${id} AND ${ownedBy(scope, 'exporter_id')}`,
    );
  }
}
