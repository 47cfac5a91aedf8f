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
import type { ConsignmentUpdate, UpdateEventDto, UpdateType } from './status-event.dto.js';

/** A place in the feed: the writing transaction and the sequence number of an event. */
export interface FeedPosition {
  tx: string;
  seq: string;
}

export interface PositionedEvent {
  event: UpdateEventDto;
  position: FeedPosition;
}

/** Notified (with no payload) when status events commit; readers then read after their position. */
const STATUS_EVENTS_CHANNEL = 'status_events';

interface StatusEventRow {
  id: string;
  type: UpdateType;
  occurred_at: Date;
  data: UpdateEventDto['data'];
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

  /** One row per update, in the given order, inside the caller's transaction: one statement for all. */
  async append(em: EntityManager, updates: readonly ConsignmentUpdate[]): Promise<void> {
    const rows = JSON.stringify(
      updates.map((update) => ({
        type: update.type,
        occurred_at: update.occurredAt.toISOString(),
        consignment_id: update.consignmentId,
        exporter_id: update.exporterId,
        data: dataOf(update),
      })),
    );
    await queryRows(
      em,
      sql`INSERT INTO status_events (type, occurred_at, consignment_id, exporter_id, data)
       SELECT x.type, x.occurred_at, x.consignment_id, x.exporter_id, x.data
       FROM ROWS FROM (jsonb_to_recordset(${rows}::jsonb) AS (type text, occurred_at timestamptz, consignment_id uuid,
         exporter_id uuid, data jsonb)) WITH ORDINALITY AS x(type, occurred_at, consignment_id, exporter_id, data, n)
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
      sql`SELECT e.id, e.type, e.occurred_at, e.data, e.tx_id::text AS tx, e.seq::text AS seq FROM status_events e
       ${where(COMMITTED_BEFORE_EVERY_RUNNING, ownedBy(scope, 'e.exporter_id'), after)} ORDER BY e.tx_id, e.seq LIMIT ${limit}`,
    );
    return rows.map((row) => ({
      event: {
        id: row.id,
        type: row.type,
        occurredAt: row.occurred_at.toISOString(),
        data: row.data,
      } as UpdateEventDto,
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

/** The `data` of an update's event, as the contract gives it for its type. */
function dataOf(update: ConsignmentUpdate): UpdateEventDto['data'] {
  const { consignmentId, waybillNumber, exporterId } = update;
  switch (update.type) {
    case 'consignment.status_changed':
      return {
        consignmentId,
        waybillNumber,
        exporterId,
        previousStatus: update.previousStatus,
        status: update.status,
        stationCode: update.stationCode,
        eta: update.eta?.toISOString() ?? null,
        note: update.note,
      };
    case 'consignment.eta_changed':
      return {
        consignmentId,
        waybillNumber,
        exporterId,
        previousEta: update.previousEta.toISOString(),
        eta: update.eta.toISOString(),
        etaRange: update.etaRange,
      };
    case 'consignment.damage_reported':
      return {
        consignmentId,
        waybillNumber,
        exporterId,
        vin: update.vin,
        stationCode: update.stationCode,
        note: update.note,
      };
    case 'consignment.transshipped':
      return {
        consignmentId,
        waybillNumber,
        exporterId,
        trainId: update.trainId,
        trainNumber: update.trainNumber,
        stationCode: update.stationCode,
        vehiclesMoved: update.vins.length,
        vins: update.vins,
      };
  }
}
