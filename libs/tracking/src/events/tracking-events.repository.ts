import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryPrepared, queryRow, queryRows, rawSql, sql, type Sql } from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EVENT_RANK } from '../journey/event-types.js';
import type { JourneyEvent } from '../journey/journey.js';

/** An event as recorded: the journey rules' view of it, with its id and when it was recorded. */
export interface RecordedEvent extends JourneyEvent {
  id: string;
  recordedAt: Date;
}

/** An event to record, by whom. */
export interface NewEvent extends Omit<JourneyEvent, 'seq'> {
  trainId: string;
  recordedBy: string;
}

interface EventRow extends Omit<RecordedEvent, 'seq' | 'delayHours'> {
  seq: string;
  delayHours: string | null;
}

/** The columns of `tracking_events e` as an EventRow. */
const EVENT = rawSql(`e.id, e.seq, e.consignment_id AS "consignmentId", e.type, e.station_code AS "stationCode",
  e.occurred_at AS "occurredAt", e.recorded_at AS "recordedAt", e.note, e.delay_hours::text AS "delayHours", e.vin`);

/** The `tracking_events` table: what happened on the way, as recorded. */
@Injectable()
export class TrackingEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every event of a train, its own and its consignments', in the order recorded. */
  async ofTrain(em: EntityManager, trainId: string): Promise<RecordedEvent[]> {
    const rows = await queryRows<EventRow>(
      em,
      sql`SELECT ${EVENT} FROM tracking_events e WHERE e.train_id = ${trainId} ORDER BY e.seq`,
    );
    return rows.map(fromRow);
  }

  /** A consignment's events and its train's (any order), as a prepared statement: the timeline's read. */
  async ofConsignment(trainId: string, consignmentId: string): Promise<RecordedEvent[]> {
    const rows = await queryPrepared<EventRow>(
      this.dataSource,
      sql`SELECT ${EVENT} FROM tracking_events e
          WHERE (e.train_id = ${trainId} AND e.consignment_id IS NULL) OR e.consignment_id = ${consignmentId}`,
    );
    return rows.map(fromRow);
  }

  /**
   * How many events the consignment's timeline holds and the last one's sequence number: a new or removed
   * event changes it (the two partial indexes answer it, as for ofConsignment).
   */
  async stampOf(trainId: string | null, consignmentId: string): Promise<string> {
    const [row] = await queryPrepared<{ stamp: string }>(
      this.dataSource,
      sql`SELECT ${this.stampSql(trainId, consignmentId)} AS stamp`,
    );
    return row!.stamp;
  }

  /** stampOf as a scalar subquery, to read alongside another statement's rows (values, or its columns). */
  stampSql(trainId: string | null | Sql, consignmentId: string | Sql): Sql {
    return sql`(SELECT count(*) || ':' || coalesce(max(e.seq), 0) FROM tracking_events e
      WHERE (e.train_id = ${trainId} AND e.consignment_id IS NULL) OR e.consignment_id = ${consignmentId})`;
  }

  /** When the consignment was delivered (its first DELIVERED event), or null while it is not. */
  async deliveredAt(consignmentId: string): Promise<Date | null> {
    const [row] = await queryPrepared<{ at: Date | null }>(
      this.dataSource,
      sql`SELECT min(e.occurred_at) AS at FROM tracking_events e
          WHERE e.consignment_id = ${consignmentId} AND e.type = 'DELIVERED'`,
    );
    return row?.at ?? null;
  }

  async insert(em: EntityManager, event: NewEvent): Promise<RecordedEvent> {
    const row = await queryRow<EventRow>(
      em,
      sql`INSERT INTO tracking_events AS e (train_id, consignment_id, type, rank, station_code, occurred_at, note,
            delay_hours, vin, recorded_by)
          VALUES (${event.trainId}, ${event.consignmentId}, ${event.type}, ${EVENT_RANK[event.type]},
            ${event.stationCode}, ${event.occurredAt}, ${event.note}, ${event.delayHours}, ${event.vin},
            ${event.recordedBy})
          RETURNING ${EVENT}`,
    );
    return fromRow(row!);
  }
}

function fromRow(row: EventRow): RecordedEvent {
  return { ...row, seq: Number(row.seq), delayHours: row.delayHours === null ? null : Number(row.delayHours) };
}
