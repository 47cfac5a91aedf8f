import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Caller, InvalidInputError, ownerScope, type Page, preparedQuery } from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type FeedQueryDto, STATUS_CHANGED, type StatusChange, type StatusEventDto } from './status-event.dto.js';

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
export const STATUS_EVENTS_CHANNEL = 'status_events';

interface StatusEventRow {
  id: string;
  occurred_at: Date;
  data: StatusEventDto['data'];
}

/**
 * The status-update events: written by the contexts that change a consignment's status, in their own
 * transaction (the outbox), and read back in commit-safe order by the feed, the stream and the relay.
 */
@Injectable()
export class StatusEventsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One event per change, in the given order, inside the caller's transaction; nothing for no changes. */
  async record(em: EntityManager, changes: readonly StatusChange[]): Promise<void> {
    const real = changes.filter((change) => change.previousStatus !== change.status);
    if (!real.length) return;
    await em.query(
      `INSERT INTO status_events (occurred_at, consignment_id, exporter_id, data)
       SELECT x.occurred_at, x.consignment_id, x.exporter_id, x.data
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (occurred_at timestamptz, consignment_id uuid,
         exporter_id uuid, data jsonb)) WITH ORDINALITY AS x(occurred_at, consignment_id, exporter_id, data, n)
       ORDER BY x.n`,
      [
        JSON.stringify(
          real.map((change) => ({
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
        ),
      ],
    );
    // Delivered when (and only if) the transaction commits.
    await em.query("SELECT pg_notify($1, '')", [STATUS_EVENTS_CHANNEL]);
  }

  /**
   * The caller's events after `after` (or `cursor`, its other name), oldest first. Only rows of transactions older than every one still
   * running are read, so an event that commits late still comes after the cursor, never behind it.
   */
  async feed(caller: Caller, query: FeedQueryDto): Promise<Page<StatusEventDto>> {
    const exporterId = ownerScope(caller);
    if (query.after && query.cursor && query.after !== query.cursor) {
      throw new InvalidInputError('after and cursor name different positions; pass one of them', [
        { field: 'cursor', message: 'differs from after' },
      ]);
    }
    const after = query.after ?? query.cursor;
    const position = after ? await this.positionOf(exporterId, after, query.after ? 'after' : 'cursor') : null;
    const items = (await this.readAfter(exporterId, position, query.limit)).map((item) => item.event);
    return { items, nextCursor: items.at(-1)?.id ?? null };
  }

  /**
   * Up to `limit` events after `position` (all when null) for one exporter (or all, for undefined), in
   * commit-safe order, each with its own position to continue from.
   */
  async readAfter(
    exporterId: string | undefined,
    position: FeedPosition | null,
    limit: number,
  ): Promise<PositionedEvent[]> {
    const params: unknown[] = [limit];
    const where = ['e.tx_id < pg_snapshot_xmin(pg_current_snapshot())'];
    if (exporterId !== undefined) {
      params.push(exporterId);
      where.push(`e.exporter_id = $${params.length}`);
    }
    if (position) {
      params.push(position.tx, position.seq);
      where.push(`(e.tx_id, e.seq) > ($${params.length - 1}::xid8, $${params.length}::bigint)`);
    }
    const rows = await preparedQuery<StatusEventRow & { tx: string; seq: string }>(
      this.dataSource,
      `SELECT e.id, e.occurred_at, e.data, e.tx_id::text AS tx, e.seq::text AS seq FROM status_events e
       WHERE ${where.join(' AND ')} ORDER BY e.tx_id, e.seq LIMIT $1`,
      params,
    );
    return rows.map((row) => ({ event: toStatusEventDto(row), position: { tx: row.tx, seq: row.seq } }));
  }

  /** The end of the feed now: every event after it is still to come. */
  async currentPosition(): Promise<FeedPosition> {
    const [row] = await this.dataSource.query<{ tx: string }[]>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS tx',
    );
    return { tx: row!.tx, seq: '0' };
  }

  /** The position of an event the reader may see; 422 naming `field` otherwise. */
  async positionOf(exporterId: string | undefined, id: string, field: string): Promise<FeedPosition> {
    const [row] = await this.dataSource.query<FeedPosition[]>(
      `SELECT tx_id::text AS tx, seq::text AS seq FROM status_events
       WHERE id = $1 AND ($2::uuid IS NULL OR exporter_id = $2)`,
      [id, exporterId ?? null],
    );
    if (!row) {
      throw new InvalidInputError('Unknown event', [{ field, message: `no event ${id} in your feed` }]);
    }
    return row;
  }
}

export function toStatusEventDto(row: StatusEventRow): StatusEventDto {
  return { id: row.id, type: STATUS_CHANGED, occurredAt: row.occurred_at.toISOString(), data: row.data };
}
