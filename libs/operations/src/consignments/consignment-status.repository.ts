import { Injectable } from '@nestjs/common';
import { execute, queryRows, rawSql, sql, type Sql } from '@landbridge/common';
import type { EntityManager } from 'typeorm';
import type { EtaBasis, EtaRange } from '../trains/train-state.js';
import type { ConsignmentStatus } from './consignment-status.js';

/** What a tracking recomputation sets on one consignment. */
export interface ConsignmentTracking {
  id: string;
  status: ConsignmentStatus;
  currentStationCode: string | null;
  eta: Date | null;
  /** The learned ETA's range; none (and basis `plan`) when not given. */
  etaRange?: EtaRange | null;
  etaBasis?: EtaBasis;
  /** When the change happened: the time of the event that caused it. */
  occurredAt: Date;
  /** The note of the event that caused it, null for none. */
  note: string | null;
}

/** A tracking update with the ETA to keep as announced (see ConsignmentBefore.announcedEta). */
export interface TrackedConsignment extends ConsignmentTracking {
  etaAnnounced: Date | null;
}

/** A consignment as a status-changing statement left it. */
export interface ChangedConsignment {
  id: string;
  waybillNumber: string;
  exporterId: string;
  status: ConsignmentStatus;
  currentStationCode: string | null;
  eta: Date | null;
  etaRange: EtaRange | null;
  occurredAt: Date;
  /** The note of the event that caused the change, null for none. */
  note: string | null;
}

/** A locked consignment before the change. */
interface ConsignmentBefore {
  status: ConsignmentStatus;
  waybillNumber: string;
  exporterId: string;
  /**
   * The ETA subscribers last heard of: the last one announced by an ETA change (column eta_announced),
   * else the ETA itself (as its status change gave it).
   */
  announcedEta: Date | null;
}

/** Each locked consignment before the change, by id. */
export type StatusesBefore = ReadonlyMap<string, ConsignmentBefore>;

/** A new ETA of a consignment, and the one to keep as announced. */
export interface EtaMove {
  id: string;
  eta: Date;
  etaAnnounced: Date | null;
}

/** The columns a status-changing statement returns (of its updated rows `u`). */
const CHANGED = rawSql(`u.id, u.waybill_number AS "waybillNumber", u.exporter_id AS "exporterId", u.status,
  u.current_station_code AS "currentStationCode", u.eta, u.eta_range AS "etaRange"`);

/**
 * The statements that change consignments' train, status and ETA. Each change is two statements: one that
 * locks the consignments concerned (in id order) and reads the status and announced ETA each had, one that
 * updates them and returns what they became, so that ConsignmentStatusWriter records one status event per
 * actual change (and one ETA event per move worth announcing).
 */
@Injectable()
export class ConsignmentStatusRepository {
  /** Every consignment on the train. */
  lockOnTrain(em: EntityManager, trainId: string): Promise<StatusesBefore> {
    return lock(em, sql`c.train_id = ${trainId}`);
  }

  /** The consignments (of vehicles being loaded onto the train) that are not on it yet, or still booked. */
  lockToLoad(em: EntityManager, consignmentIds: readonly string[], trainId: string): Promise<StatusesBefore> {
    return lock(
      em,
      sql`c.id = ANY(${consignmentIds}) AND (c.train_id IS DISTINCT FROM ${trainId} OR c.status = 'booked')`,
    );
  }

  /** The consignment, if none of its vehicles is loaded on the train any more. */
  lockIfOffTrain(em: EntityManager, consignmentId: string, trainId: string): Promise<StatusesBefore> {
    return lock(
      em,
      sql`c.id = ${consignmentId} AND NOT EXISTS (
            SELECT 1 FROM loadings l JOIN vehicles v ON v.vin = l.vin
            WHERE v.consignment_id = c.id AND l.train_id = ${trainId} AND l.released_at IS NULL)`,
    );
  }

  lockByIds(em: EntityManager, ids: readonly string[]): Promise<StatusesBefore> {
    return lock(em, sql`c.id = ANY(${ids})`);
  }

  /** The consignments leave their train: on no train, loaded ones booked again, no ETA. */
  backToBooked(em: EntityManager, ids: readonly string[]): Promise<ChangedConsignment[]> {
    return update(
      em,
      ids,
      sql`train_id = NULL, status = CASE WHEN c.status = 'loaded' THEN 'booked' ELSE c.status END, eta = NULL`,
    );
  }

  /** The consignments are on the train: booked ones loaded, with the train's ETA. */
  putOnTrain(em: EntityManager, ids: readonly string[], trainId: string): Promise<ChangedConsignment[]> {
    return update(
      em,
      ids,
      sql`train_id = ${trainId}, status = CASE WHEN c.status = 'booked' THEN 'loaded' ELSE c.status END,
            eta = (SELECT t.eta FROM trains t WHERE t.id = ${trainId})`,
    );
  }

  /**
   * Sets tracking-derived status, station and ETA on many consignments where they differ, and their
   * vehicles' status. The vehicles are found per consignment through its index (the LATERAL, kept from
   * being flattened into a plain join by OFFSET 0): as a plain join, the plan depended on the statistics,
   * and on a database analysed while every vehicle was booked it compared every vehicle with every
   * consignment.
   */
  track(em: EntityManager, updates: readonly TrackedConsignment[]): Promise<ChangedConsignment[]> {
    const input = JSON.stringify(
      updates.map((update) => ({
        id: update.id,
        status: update.status,
        current_station_code: update.currentStationCode,
        eta: update.eta?.toISOString() ?? null,
        eta_range: update.etaRange ?? null,
        eta_basis: update.etaBasis ?? 'plan',
        eta_announced: update.etaAnnounced?.toISOString() ?? null,
        occurred_at: update.occurredAt.toISOString(),
        note: update.note,
      })),
    );
    return queryRows<ChangedConsignment>(
      em,
      sql`WITH i AS (
         SELECT * FROM jsonb_to_recordset(${input}::jsonb)
           AS x(id uuid, status text, current_station_code varchar(5), eta timestamptz, eta_range jsonb,
             eta_basis text, eta_announced timestamptz, occurred_at timestamptz, note text)
       ),
       u AS (
         UPDATE consignments c SET status = i.status, current_station_code = i.current_station_code, eta = i.eta,
           eta_range = i.eta_range, eta_basis = i.eta_basis, eta_announced = i.eta_announced,
           version = c.version + 1, updated_at = now()
         FROM i WHERE c.id = i.id
           AND (c.status, c.current_station_code, c.eta, c.eta_range, c.eta_basis)
             IS DISTINCT FROM (i.status, i.current_station_code, i.eta, i.eta_range, i.eta_basis)
         RETURNING c.*
       ),
       v AS (
         UPDATE vehicles SET status = w.status
         FROM (
           SELECT x.vin, u.status FROM u
           CROSS JOIN LATERAL (
             SELECT vin FROM vehicles
             WHERE vehicles.consignment_id = u.id AND vehicles.status NOT IN ('booked', u.status)
             OFFSET 0
           ) x
         ) w
         WHERE vehicles.vin = w.vin
       )
       SELECT ${CHANGED}, i.occurred_at AS "occurredAt", i.note FROM u JOIN i USING (id)`,
    );
  }

  /** Sets new ETAs (a train's planned departure moved) where they differ; no status changes. */
  moveEta(em: EntityManager, moves: readonly EtaMove[]): Promise<ChangedConsignment[]> {
    const input = JSON.stringify(
      moves.map((move) => ({
        id: move.id,
        eta: move.eta.toISOString(),
        eta_announced: move.etaAnnounced?.toISOString() ?? null,
      })),
    );
    return queryRows<ChangedConsignment>(
      em,
      sql`WITH i AS (
         SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS x(id uuid, eta timestamptz, eta_announced timestamptz)
       ),
       u AS (
         UPDATE consignments c SET eta = i.eta, eta_announced = i.eta_announced, version = c.version + 1, updated_at = now()
         FROM i WHERE c.id = i.id AND c.eta IS DISTINCT FROM i.eta
         RETURNING c.*
       )
       SELECT ${CHANGED}, now() AS "occurredAt", NULL::text AS note FROM u`,
    );
  }

  /**
   * The consignments are cancelled: on no train, nowhere, no ETA, and their vehicles cancelled with them,
   * in no unit and so on no wagon (their loadings released before).
   */
  async cancel(em: EntityManager, ids: readonly string[]): Promise<ChangedConsignment[]> {
    await execute(
      em,
      sql`UPDATE vehicles SET status = 'cancelled', unit_kind = NULL, unit_number = NULL, wagon_number = NULL,
            wagon_gauge = NULL
          WHERE consignment_id = ANY(${ids})`,
    );
    return update(em, ids, sql`status = 'cancelled', train_id = NULL, current_station_code = NULL, eta = NULL`);
  }
}

/**
 * Locks the consignments `c` that `which` selects, in id order, in a statement of its own: it gives the
 * status (and announced ETA) each update then replaces, even under concurrent writers.
 */
async function lock(em: EntityManager, which: Sql): Promise<StatusesBefore> {
  const rows = await queryRows<{ id: string } & ConsignmentBefore>(
    em,
    sql`SELECT c.id, c.status, c.waybill_number AS "waybillNumber", c.exporter_id AS "exporterId",
          COALESCE(c.eta_announced, c.eta) AS "announcedEta"
        FROM consignments c WHERE ${which} ORDER BY c.id FOR UPDATE`,
  );
  return new Map(rows.map(({ id, ...before }) => [id, before]));
}

/**
 * Applies `set` (assignments to `consignments c`) to the locked consignments; what they became. A change
 * of train or status announces the ETA with it (the status event carries it): it is the new baseline.
 */
function update(em: EntityManager, ids: readonly string[], set: Sql): Promise<ChangedConsignment[]> {
  return queryRows<ChangedConsignment>(
    em,
    sql`WITH u AS (
          UPDATE consignments c SET ${set}, eta_announced = NULL, version = c.version + 1, updated_at = now()
          WHERE c.id = ANY(${ids}) RETURNING c.*
        ) SELECT ${CHANGED}, now() AS "occurredAt", NULL::text AS note FROM u`,
  );
}
