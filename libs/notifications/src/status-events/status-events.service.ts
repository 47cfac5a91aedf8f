import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Caller, InvalidInputError, type Page, scopeWhere } from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type FeedQueryDto, STATUS_CHANGED, type StatusChange, type StatusEventDto } from './status-event.dto.js';

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
  }

  /**
   * The caller's events after `after`, oldest first. Only rows of transactions older than every one still
   * running are read, so an event that commits late still comes after the cursor, never behind it.
   */
  async feed(caller: Caller, query: FeedQueryDto): Promise<Page<StatusEventDto>> {
    const scope = scopeWhere(caller, 'e.exporter_id', 2);
    const params: unknown[] = [query.limit, ...scope.params];
    let position = '';
    if (query.after) {
      const [tx, seq] = await this.positionOf(caller, query.after);
      params.push(tx, seq);
      position = `AND (e.tx_id, e.seq) > ($${params.length - 1}::xid8, $${params.length}::bigint)`;
    }
    const rows = await this.dataSource.query<StatusEventRow[]>(
      `SELECT e.id, e.occurred_at, e.data FROM status_events e
       WHERE ${scope.sql} ${position} AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY e.tx_id, e.seq LIMIT $1`,
      params,
    );
    const items = rows.map(toStatusEventDto);
    return { items, nextCursor: items.at(-1)?.id ?? null };
  }

  private async positionOf(caller: Caller, id: string): Promise<[string, string]> {
    const scope = scopeWhere(caller, 'exporter_id', 2);
    const [row] = await this.dataSource.query<{ tx: string; seq: string }[]>(
      `SELECT tx_id::text AS tx, seq::text AS seq FROM status_events WHERE id = $1 AND ${scope.sql}`,
      [id, ...scope.params],
    );
    if (!row) {
      throw new InvalidInputError('Unknown event', [{ field: 'after', message: `no event ${id} in your feed` }]);
    }
    return [row.tx, row.seq];
  }
}

export function toStatusEventDto(row: StatusEventRow): StatusEventDto {
  return { id: row.id, type: STATUS_CHANGED, occurredAt: row.occurred_at.toISOString(), data: row.data };
}
