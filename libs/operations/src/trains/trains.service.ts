import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ConflictError,
  cursorTime,
  decodeCursor,
  encodeCursor,
  InvalidInputError,
  isUniqueViolation,
  NotFoundError,
  type Page,
  PreconditionFailedError,
  toPage,
} from '@landbridge/common';
import { type RouteDto, RoutesService } from '@landbridge/reference-data';
import { DataSource, type EntityManager } from 'typeorm';
import { ConsignmentStatusWriter } from '../consignments/consignment-status-writer.js';

import { ADD_TRAIN_EXPORTS } from './train-export-figures.js';
import { TRAIN_COLUMNS, type TrainRow, toTrainDto } from './train-row.js';
import { acceptsLoading, canTransition, type TrainStatus } from './train-status.js';
import type { CreateTrainDto, TrainDto, TrainListQueryDto, UpdateTrainDto } from './train.dto.js';

/** A train's state as its tracking events determine it. */
export interface TrainJourney {
  status: TrainStatus;
  departedAt: Date | null;
  arrivedAt: Date | null;
  currentStationCode: string | null;
  eta: Date | null;
}

@Injectable()
export class TrainsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly routes: RoutesService,
    private readonly statuses: ConsignmentStatusWriter,
  ) {}

  async create(input: CreateTrainDto): Promise<TrainDto> {
    const route = await this.routes.get(input.routeCode).catch((error: unknown) => {
      if (error instanceof NotFoundError) {
        throw new InvalidInputError('Unknown route', [
          { field: 'routeCode', message: `route ${input.routeCode} does not exist` },
        ]);
      }
      throw error;
    });
    try {
      const [row] = await this.dataSource.query<TrainRow[]>(
        `INSERT INTO trains AS t (train_number, route_code, planned_departure_at, eta)
         VALUES ($1, $2, $3, $3::timestamptz + $4 * interval '1 hour')
         RETURNING ${TRAIN_COLUMNS}`,
        [input.trainNumber, input.routeCode, input.plannedDepartureAt, journeyHours(route)],
      );
      return toTrainDto(row!);
    } catch (error) {
      if (isUniqueViolation(error, 'trains_number_departure_day')) {
        throw new ConflictError(`Train ${input.trainNumber} already runs on that day`);
      }
      throw error;
    }
  }

  async get(id: string): Promise<TrainDto> {
    const [row] = await this.dataSource.query<TrainRow[]>(`SELECT ${TRAIN_COLUMNS} FROM trains t WHERE t.id = $1`, [
      id,
    ]);
    if (!row) throw new NotFoundError('Train', id);
    return toTrainDto(row);
  }

  /** Trains by planned departure, newest first; keyset on (planned_departure_at, id). */
  async list(query: TrainListQueryDto): Promise<Page<TrainDto>> {
    const params: unknown[] = [query.limit + 1];
    const where: string[] = [];
    if (query.status) {
      params.push(query.status);
      where.push(`t.status = $${params.length}`);
    }
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, ['instant', 'uuid']);
      params.push(at, id);
      where.push(`(t.planned_departure_at, t.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows = await this.dataSource.query<(TrainRow & { cursor_at: string })[]>(
      `SELECT ${TRAIN_COLUMNS}, ${cursorTime('t.planned_departure_at')} AS cursor_at
       FROM trains t ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY t.planned_departure_at DESC, t.id DESC LIMIT $1`,
      params,
    );
    return toPage(rows, query.limit, toTrainDto, (row) => encodeCursor([row.cursor_at, row.id]));
  }

  /**
   * Moves the planned departure (before departure), cancels (releasing every loading) or closes a train.
   * With `expectedVersion` it applies only to that version (412 otherwise).
   */
  async update(id: string, input: UpdateTrainDto, expectedVersion?: number): Promise<TrainDto> {
    return this.dataSource.transaction(async (em) => {
      const train = await this.lock(em, id);
      if (expectedVersion !== undefined && train.version !== expectedVersion) {
        throw new PreconditionFailedError(`Train ${id} is at version ${train.version}, not ${expectedVersion}`);
      }
      if (input.plannedDepartureAt !== undefined && !acceptsLoading(train.status)) {
        throw new ConflictError(`The train is ${train.status}: its planned departure can no longer change`, [
          { field: 'plannedDepartureAt', message: `cannot change once the train is ${train.status}` },
        ]);
      }
      if (input.status !== undefined && input.status !== train.status && !canTransition(train.status, input.status)) {
        throw new ConflictError(`The train is ${train.status}; it cannot become ${input.status}`, [
          { field: 'status', message: `cannot go from ${train.status} to ${input.status}` },
        ]);
      }
      if (input.status === 'cancelled' && train.status !== 'cancelled') await this.releaseLoadings(em, id);
      // Before departure the ETA is the plan: it moves with the planned departure, for what is on board too.
      const eta =
        input.plannedDepartureAt === undefined
          ? null
          : new Date(
              Date.parse(input.plannedDepartureAt) + journeyHours(await this.routes.get(train.route_code)) * 3_600_000,
            );
      if (eta) {
        await em.query(
          'UPDATE consignments SET eta = $2, version = version + 1, updated_at = now() WHERE train_id = $1 AND eta IS DISTINCT FROM $2',
          [id, eta],
        );
      }
      try {
        // Wrapped in a SELECT: for a bare UPDATE, TypeORM's query() answers [rows, count] instead of rows.
        const [row] = await em.query<TrainRow[]>(
          `WITH t AS (
             UPDATE trains SET planned_departure_at = COALESCE($2, planned_departure_at),
               status = COALESCE($3, status), eta = COALESCE($4, eta), version = version + 1, updated_at = now()
             WHERE id = $1 RETURNING *
           ) SELECT ${TRAIN_COLUMNS} FROM t`,
          [id, input.plannedDepartureAt ?? null, input.status ?? null, eta],
        );
        return toTrainDto(row!);
      } catch (error) {
        if (isUniqueViolation(error, 'trains_number_departure_day')) {
          throw new ConflictError(`Train ${train.train_number} already runs on that day`);
        }
        throw error;
      }
    });
  }

  /** The train row locked for the rest of the transaction (loadings and updates of one train queue here). */
  async lock(em: EntityManager, id: string): Promise<TrainRow> {
    const [row] = await em.query<TrainRow[]>(`SELECT ${TRAIN_COLUMNS} FROM trains t WHERE t.id = $1 FOR UPDATE`, [id]);
    if (!row) throw new NotFoundError('Train', id);
    return row;
  }

  /**
   * Sets what the tracking events say of a train, given as `lock` returned it in this transaction (status,
   * times, where it is, when it arrives). At arrival
   * its vehicles are free to be loaded onto another train; the units they travelled in stay on record.
   */
  async applyJourney(em: EntityManager, train: TrainRow, journey: TrainJourney): Promise<void> {
    const id = train.id;
    await em.query(
      `UPDATE trains SET status = $2, departed_at = $3, arrived_at = $4, current_station_code = $5, eta = $6,
         version = version + 1, updated_at = now()
       WHERE id = $1 AND (status, departed_at, arrived_at, current_station_code, eta)
         IS DISTINCT FROM ($2, $3::timestamptz, $4::timestamptz, $5, $6::timestamptz)`,
      [id, journey.status, journey.departedAt, journey.arrivedAt, journey.currentStationCode, journey.eta],
    );
    // What left on the train is fixed from its departure: summed now, once, for the export report.
    if (!train.departed_at && journey.departedAt) await em.query(ADD_TRAIN_EXPORTS, [[id]]);
    if (journey.status === 'arrived') {
      await em.query('UPDATE loadings SET released_at = $2 WHERE train_id = $1 AND released_at IS NULL', [
        id,
        journey.arrivedAt,
      ]);
    }
  }

  /** A cancelled train carries nothing: its vehicles and consignments go back to booked. */
  private async releaseLoadings(em: EntityManager, trainId: string): Promise<void> {
    await em.query(
      `WITH released AS (
         UPDATE loadings SET released_at = now() WHERE train_id = $1 AND released_at IS NULL RETURNING vin
       )
       UPDATE vehicles v SET status = 'booked', unit_kind = NULL, unit_number = NULL
       FROM released r WHERE v.vin = r.vin AND v.status = 'loaded'`,
      [trainId],
    );
    await this.statuses.update(
      em,
      'c.train_id = $1',
      [trainId],
      "train_id = NULL, status = CASE WHEN c.status = 'loaded' THEN 'booked' ELSE c.status END, eta = NULL",
      [],
    );
    await em.query('UPDATE trains SET vehicle_count = 0, consignment_count = 0 WHERE id = $1', [trainId]);
  }
}

/** Planned hours from the origin to the end of the route. */
function journeyHours(route: RouteDto): number {
  return route.stops.at(-1)?.plannedHoursFromOrigin ?? 0;
}
