import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  execute,
  isUniqueViolation,
  queryPrepared,
  queryRow,
  queryRows,
  rawSql,
  sql,
  type Sql,
} from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Gauge } from './consist.dto.js';
import { AlreadyTransshippedError } from './transshipment-errors.js';
import type { ContainerOnWagon, VehicleInUnit } from './transshipment-rules.js';

/** The consist of a train in force at a time, as a transshipment starts from it. */
export interface ConsistBefore {
  id: string;
  gauge: Gauge;
  /** When it came into force; null for the one formed at the origin (in force from the start). */
  validFrom: Date | null;
  /** Set when a later consist replaced it already. */
  validTo: Date | null;
  containers: ContainerOnWagon[];
}

/** The new consist a transshipment starts. */
export interface NewConsist {
  trainId: string;
  stationCode: string;
  gauge: Gauge;
  trainNumber: string;
  validFrom: Date;
}

/** A vehicle's new unit, set by a transshipment. */
export interface UnitMove {
  vin: string;
  unitKind: 'container' | 'wagon';
  unitNumber: string;
}

/** A vehicle whose wagon a transshipment changed. */
export interface VehicleRewagoned {
  vin: string;
  consignmentId: string;
}

export interface NewTransshipment {
  trainId: string;
  stationCode: string;
  occurredAt: Date;
  fromConsistId: string;
  consistId: string;
  fromTrainNumber: string;
  trainNumber: string;
  containersMoved: number;
  vehiclesMoved: number;
  recordedBy: string;
}

/** The wagon a vehicle rode at a time. */
export interface WagonAt {
  vin: string;
  at: Date;
  number: string;
  gauge: Gauge;
}

/**
 * The gauge changes of trains (`transshipments`), and the statements a transshipment runs on the consists
 * and on the vehicles of the train: close the consist in force, start the new one, move vehicles of car
 * carriers, and put every vehicle on its new wagon. Each is one statement whatever the train carries.
 */
@Injectable()
export class TransshipmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The train's consist in force at `at` with the containers on it (index consists_train_from). */
  async consistAt(em: EntityManager, trainId: string, at: Date): Promise<ConsistBefore | undefined> {
    const consist = await queryRow<Omit<ConsistBefore, 'containers'>>(
      em,
      sql`SELECT k.id, k.gauge, CASE WHEN isfinite(k.valid_from) THEN k.valid_from END AS "validFrom", k.valid_to AS "validTo" FROM consists k
          WHERE k.train_id = ${trainId} AND k.valid_from <= ${at}
          ORDER BY k.valid_from DESC LIMIT 1`,
    );
    if (!consist) return undefined;
    const containers = await queryRows<ContainerOnWagon>(
      em,
      sql`SELECT cc.container_number AS number, cc.size_type AS "sizeType", w.number AS "wagonNumber"
          FROM consist_containers cc
          JOIN consist_wagons w ON w.consist_id = cc.consist_id AND w.position = cc.wagon_position
          WHERE cc.consist_id = ${consist.id}
          ORDER BY w.position, cc.container_number`,
    );
    return { ...consist, containers };
  }

  /**
   * The vehicles loaded on the train (not arrived yet) that ride a car carrier, and those of `vins` that
   * are on it in any unit.
   */
  vehiclesToMove(em: EntityManager, trainId: string, vins: readonly string[]): Promise<VehicleInUnit[]> {
    return queryRows<VehicleInUnit>(
      em,
      sql`SELECT v.vin, v.unit_kind AS "unitKind", v.unit_number AS "unitNumber"
          FROM loadings l JOIN vehicles v ON v.vin = l.vin
          WHERE l.train_id = ${trainId} AND l.released_at IS NULL AND v.unit_kind IS NOT NULL
            AND (v.unit_kind = 'wagon' OR l.vin = ANY(${vins}::text[]))`,
    );
  }

  /** Whether the train changed gauge at the stop already. */
  async exists(em: EntityManager, trainId: string, stationCode: string): Promise<boolean> {
    const row = await queryRow(
      em,
      sql`SELECT 1 FROM transshipments WHERE train_id = ${trainId} AND station_code = ${stationCode}`,
    );
    return row !== undefined;
  }

  /** Ends the consist at `at`; false when it was ended already. */
  async closeConsist(em: EntityManager, consistId: string, at: Date): Promise<boolean> {
    return (
      (await execute(em, sql`UPDATE consists SET valid_to = ${at} WHERE id = ${consistId} AND valid_to IS NULL`)) === 1
    );
  }

  /** A consist in force from `validFrom` on (its wagons are inserted after); its id. */
  async insertConsist(em: EntityManager, consist: NewConsist): Promise<string> {
    const row = await queryRow<{ id: string }>(
      em,
      sql`INSERT INTO consists (train_id, station_code, gauge, train_number, valid_from)
          VALUES (${consist.trainId}, ${consist.stationCode}, ${consist.gauge}, ${consist.trainNumber},
            ${consist.validFrom})
          RETURNING id`,
    );
    return row!.id;
  }

  /** Where the transshipment put vehicles of car carriers: their unit in the consist from then on. */
  async insertVehicleMoves(em: EntityManager, consistId: string, moves: readonly UnitMove[]): Promise<void> {
    if (!moves.length) return;
    await execute(
      em,
      sql`INSERT INTO consist_vehicles (consist_id, vin, unit_kind, unit_number)
          SELECT ${consistId}, x.vin, x.unit_kind, x.unit_number
          FROM jsonb_to_recordset(${unitRows(moves)}::jsonb) AS x(vin char(17), unit_kind text, unit_number varchar(12))`,
    );
  }

  /**
   * Puts every vehicle loaded on the train on its wagon of consist `consistId`: the moved ones in their new
   * unit, the others in theirs (the car carrier itself, or the wagon their container sits on). The
   * vehicles whose wagon changed, by VIN.
   */
  placeVehicles(
    em: EntityManager,
    trainId: string,
    consistId: string,
    moves: readonly UnitMove[],
  ): Promise<VehicleRewagoned[]> {
    return queryRows<VehicleRewagoned>(
      em,
      sql`WITH m AS (
            SELECT * FROM jsonb_to_recordset(${unitRows(moves)}::jsonb)
              AS x(vin char(17), unit_kind text, unit_number varchar(12))
          ),
          s AS (
            SELECT v.vin, v.consignment_id, v.wagon_number AS was,
              COALESCE(m.unit_kind, v.unit_kind) AS unit_kind, COALESCE(m.unit_number, v.unit_number) AS unit_number
            FROM loadings l JOIN vehicles v ON v.vin = l.vin LEFT JOIN m ON m.vin = l.vin
            WHERE l.train_id = ${trainId} AND l.released_at IS NULL AND v.unit_kind IS NOT NULL
          ),
          t AS (
            SELECT s.*, w.number, w.gauge FROM s
            LEFT JOIN LATERAL ${wagonCarrying(sql`${consistId}::uuid`, rawSql('s'))} w ON true
          ),
          u AS (
            UPDATE vehicles v SET unit_kind = t.unit_kind, unit_number = t.unit_number, wagon_number = t.number,
              wagon_gauge = t.gauge
            FROM t WHERE v.vin = t.vin
              AND (v.unit_kind, v.unit_number, v.wagon_number, v.wagon_gauge)
                IS DISTINCT FROM (t.unit_kind, t.unit_number, t.number, t.gauge)
          )
          SELECT t.vin, t.consignment_id AS "consignmentId" FROM t
          WHERE t.was IS DISTINCT FROM t.number ORDER BY t.vin`,
    );
  }

  /** Records the transshipment; AlreadyTransshippedError when the train changed gauge at the stop already. */
  async insert(em: EntityManager, transshipment: NewTransshipment): Promise<string> {
    const t = transshipment;
    try {
      const row = await queryRow<{ id: string }>(
        em,
        sql`INSERT INTO transshipments (train_id, station_code, occurred_at, from_consist_id, consist_id,
              from_train_number, train_number, containers_moved, vehicles_moved, recorded_by)
            VALUES (${t.trainId}, ${t.stationCode}, ${t.occurredAt}, ${t.fromConsistId}, ${t.consistId},
              ${t.fromTrainNumber}, ${t.trainNumber}, ${t.containersMoved}, ${t.vehiclesMoved}, ${t.recordedBy})
            RETURNING id`,
      );
      return row!.id;
    } catch (error) {
      if (isUniqueViolation(error, 'transshipments_once')) {
        throw new AlreadyTransshippedError(t.fromTrainNumber, t.stationCode);
      }
      throw error;
    }
  }

  /**
   * The wagon each vehicle rode on the train at each time, for those that rode one: in the consist in
   * force then, the car carrier of its unit or the wagon its container sat on; its unit, where the last
   * transshipment before then put it, else where it was loaded. One statement for all (a prepared one:
   * the timeline's read).
   */
  async wagonsAt(trainId: string, moments: readonly { vin: string; at: Date }[]): Promise<WagonAt[]> {
    if (!moments.length) return [];
    const input = JSON.stringify(moments.map((m) => ({ vin: m.vin, at: m.at.toISOString() })));
    return queryPrepared<WagonAt>(
      this.dataSource,
      sql`SELECT x.vin, x.at, w.number, w.gauge
          FROM jsonb_to_recordset(${input}::jsonb) AS x(vin char(17), at timestamptz)
          CROSS JOIN LATERAL (
            SELECT k.id FROM consists k WHERE k.train_id = ${trainId} AND k.valid_from <= x.at
            ORDER BY k.valid_from DESC LIMIT 1
          ) k
          CROSS JOIN LATERAL (
            SELECT u.unit_kind, u.unit_number FROM (
              (SELECT cv.unit_kind, cv.unit_number, 0 AS pick FROM consist_vehicles cv
               JOIN consists kv ON kv.id = cv.consist_id
               WHERE cv.vin = x.vin AND kv.train_id = ${trainId} AND kv.valid_from <= x.at
               ORDER BY kv.valid_from DESC LIMIT 1)
              UNION ALL
              (SELECT l.unit_kind, l.unit_number, 1 AS pick FROM loadings l
               WHERE l.vin = x.vin AND l.train_id = ${trainId} ORDER BY l.loaded_at DESC LIMIT 1)
            ) u ORDER BY u.pick LIMIT 1
          ) unit
          CROSS JOIN LATERAL ${wagonCarrying(rawSql('k.id'), rawSql('unit'))} w`,
    );
  }
}

/**
 * The wagon (number, gauge) of consist `consist` that carries the unit of row `unit` (its columns unit_kind,
 * unit_number): the car carrier of that number, or the flat its container sits on; no row when the consist
 * carries no such unit. A subquery for a LATERAL join, through the consist tables' primary keys.
 */
function wagonCarrying(consist: Sql, unit: Sql): Sql {
  return sql`(
    SELECT w.number, w.gauge FROM consist_wagons w
    WHERE ${unit}.unit_kind = 'wagon' AND w.consist_id = ${consist} AND w.number = ${unit}.unit_number
      AND w.kind = 'car_carrier'
    UNION ALL
    SELECT w.number, w.gauge FROM consist_containers cc
    JOIN consist_wagons w ON w.consist_id = cc.consist_id AND w.position = cc.wagon_position
    WHERE ${unit}.unit_kind = 'container' AND cc.consist_id = ${consist} AND cc.container_number = ${unit}.unit_number
  )`;
}

function unitRows(moves: readonly UnitMove[]): string {
  return JSON.stringify(moves.map((m) => ({ vin: m.vin, unit_kind: m.unitKind, unit_number: m.unitNumber })));
}
