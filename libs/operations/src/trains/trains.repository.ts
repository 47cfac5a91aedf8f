import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  asSystem,
  cursorTime,
  emptySql,
  execute,
  isUniqueViolation,
  Keyset,
  type Page,
  queryRow,
  queryRows,
  rawSql,
  sql,
  toPage,
  where,
} from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TrainNumberTakenError } from './train-errors.js';
import type { TrainJourney, TrainState } from './train-state.js';
import type { TrainStatus } from './train-status.js';

/** The columns of `trains t` as a TrainState. */
const TRAIN = rawSql(`t.id, t.train_number AS "trainNumber", t.route_code AS "routeCode", t.status,
  t.planned_departure_at AS "plannedDepartureAt", t.departed_at AS "departedAt", t.arrived_at AS "arrivedAt",
  t.current_station_code AS "currentStationCode", t.eta, t.eta_range AS "etaRange", t.eta_basis AS "etaBasis",
  t.vehicle_count AS "vehicleCount",
  t.consignment_count AS "consignmentCount", t.border_dwell AS "borderDwell", t.version`);

/** Trains by planned departure, newest first (index trains_departure, or trains_status_departure). */
const BY_DEPARTURE = new Keyset(['t.planned_departure_at', 't.id'], ['instant', 'uuid'] as const, 'desc');

export interface NewTrain {
  trainNumber: string;
  routeCode: string;
  plannedDepartureAt: string;
  /** Planned hours from the origin to the destination: the first ETA. */
  journeyHours: number;
}

export interface TrainFilter {
  status?: TrainStatus;
  trainNumber?: string;
}

export interface TrainChange {
  plannedDepartureAt?: string;
  status?: TrainStatus;
  eta?: Date | null;
}

/** The `trains` table. A train number taken that day (constraint trains_number_departure_day) is a TrainNumberTakenError. */
@Injectable()
export class TrainsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(train: NewTrain): Promise<TrainState> {
    try {
      const row = await queryRow<TrainState>(
        this.dataSource,
        sql`INSERT INTO trains AS t (train_number, route_code, planned_departure_at, eta)
            VALUES (${train.trainNumber}, ${train.routeCode}, ${train.plannedDepartureAt},
              ${train.plannedDepartureAt}::timestamptz + ${train.journeyHours} * interval '1 hour')
            RETURNING ${TRAIN}`,
      );
      return row!;
    } catch (error) {
      throw numberTaken(error, train.trainNumber);
    }
  }

  findById(id: string): Promise<TrainState | undefined> {
    return queryRow<TrainState>(this.dataSource, sql`SELECT ${TRAIN} FROM trains t WHERE t.id = ${id}`);
  }

  /**
   * A page of trains by planned departure, newest first, of one status or all, and of one number: the
   * train's own (index trains_number) or one it ran under before a transshipment (transshipments_from_train_number).
   */
  async page(filter: TrainFilter, limit: number, cursor: string | undefined): Promise<Page<TrainState>> {
    const { status, trainNumber } = filter;
    const byNumber = trainNumber
      ? sql`t.id = ANY(ARRAY(SELECT id FROM trains WHERE train_number = ${trainNumber}
          UNION SELECT train_id FROM transshipments WHERE from_train_number = ${trainNumber}))`
      : emptySql;
    const rows = await queryRows<TrainState & { cursorAt: string }>(
      this.dataSource,
      sql`SELECT ${TRAIN}, ${rawSql(cursorTime('t.planned_departure_at'))} AS "cursorAt"
          FROM trains t ${where(status ? sql`t.status = ${status}` : emptySql, byNumber, BY_DEPARTURE.after(cursor))}
          ORDER BY ${BY_DEPARTURE.orderBy} LIMIT ${limit + 1}`,
    );
    return toPage(
      rows,
      limit,
      ({ cursorAt: _, ...train }) => train,
      (row) => BY_DEPARTURE.key(row.cursorAt, row.id),
    );
  }

  /** The train locked for the rest of the transaction: loadings, updates and events of one train queue here. */
  lockForUpdate(em: EntityManager, id: string): Promise<TrainState | undefined> {
    return queryRow<TrainState>(em, sql`SELECT ${TRAIN} FROM trains t WHERE t.id = ${id} FOR UPDATE`);
  }

  /** Moves the planned departure and ETA, or changes the status (what is not given stays). */
  async update(
    em: EntityManager,
    train: Pick<TrainState, 'id' | 'trainNumber'>,
    change: TrainChange,
  ): Promise<TrainState> {
    try {
      // Wrapped in a SELECT: for a bare UPDATE, TypeORM's query() answers [rows, count] instead of rows.
      const row = await queryRow<TrainState>(
        em,
        sql`WITH t AS (
              UPDATE trains SET planned_departure_at = COALESCE(${change.plannedDepartureAt ?? null}, planned_departure_at),
                status = COALESCE(${change.status ?? null}, status), eta = COALESCE(${change.eta ?? null}, eta),
                version = version + 1, updated_at = now()
              WHERE id = ${train.id} RETURNING *
            ) SELECT ${TRAIN} FROM t`,
      );
      return row!;
    } catch (error) {
      throw numberTaken(error, train.trainNumber);
    }
  }

  /** The train runs under another number from now on (a gauge change); TrainNumberTakenError when taken that day. */
  async renumber(em: EntityManager, id: string, trainNumber: string): Promise<void> {
    try {
      await execute(
        em,
        sql`UPDATE trains SET train_number = ${trainNumber}, version = version + 1, updated_at = now() WHERE id = ${id}`,
      );
    } catch (error) {
      throw numberTaken(error, trainNumber);
    }
  }

  /** Sets what the tracking events say of a train, when it differs from what the row holds. */
  async applyJourney(em: EntityManager, id: string, journey: TrainJourney): Promise<void> {
    const { status, departedAt, arrivedAt, currentStationCode, eta } = journey;
    const etaBasis = journey.etaBasis ?? 'plan';
    // Its times serialise as RFC 3339 in UTC, as the API answers them.
    const borderDwell = JSON.stringify(journey.borderDwell);
    const etaRange = journey.etaRange ? JSON.stringify(journey.etaRange) : null;
    await execute(
      em,
      sql`UPDATE trains SET status = ${status}, departed_at = ${departedAt}, arrived_at = ${arrivedAt},
            current_station_code = ${currentStationCode}, eta = ${eta}, eta_range = ${etaRange}::jsonb,
            eta_basis = ${etaBasis}, border_dwell = ${borderDwell}::jsonb, version = version + 1, updated_at = now()
          WHERE id = ${id}
            AND (status, departed_at, arrived_at, current_station_code, eta, eta_range, eta_basis, border_dwell)
            IS DISTINCT FROM (${status}, ${departedAt}::timestamptz, ${arrivedAt}::timestamptz, ${currentStationCode},
              ${eta}::timestamptz, ${etaRange}::jsonb, ${etaBasis}, ${borderDwell}::jsonb)`,
    );
  }

  /** Keeps a train's counts (and planned ↔ loading) in step with its active loadings. */
  async recountLoadings(em: EntityManager, trainId: string): Promise<void> {
    // Every exporter's loadings count, also when an exporter's amendment asks (row-level security would
    // count only its own): the service's system scope, for this statement of the transaction.
    await asSystem(() =>
      execute(
        em,
        sql`UPDATE trains t SET vehicle_count = counts.vehicles, consignment_count = counts.consignments,
            status = CASE WHEN t.status IN ('planned', 'loading') THEN
                       CASE WHEN counts.vehicles > 0 THEN 'loading' ELSE 'planned' END ELSE t.status END,
            version = t.version + 1, updated_at = now()
          FROM (
            SELECT count(*)::int AS vehicles, count(DISTINCT v.consignment_id)::int AS consignments
            FROM loadings l JOIN vehicles v ON v.vin = l.vin WHERE l.train_id = ${trainId} AND l.released_at IS NULL
          ) counts
          WHERE t.id = ${trainId}`,
      ),
    );
  }

  /** A train that carries nothing (cancelled) counts nothing. */
  async clearCounts(em: EntityManager, trainId: string): Promise<void> {
    await execute(em, sql`UPDATE trains SET vehicle_count = 0, consignment_count = 0 WHERE id = ${trainId}`);
  }
}

function numberTaken(error: unknown, trainNumber: string): unknown {
  return isUniqueViolation(error, 'trains_number_departure_day') ? new TrainNumberTakenError(trainNumber) : error;
}
