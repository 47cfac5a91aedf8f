import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type Caller,
  ConflictError,
  decodeCursor,
  encodeCursor,
  type FieldError,
  InvalidInputError,
  isStaff,
  isUniqueViolation,
  NotFoundError,
  ownerScope,
  cursorTime,
  PreconditionFailedError,
  preparedQuery,
  scopeWhere,
  toJsonPage,
} from '@landbridge/common';
import { OrganizationsService } from '@landbridge/identity';
import { StationsService } from '@landbridge/reference-data';
import { DataSource, type EntityManager } from 'typeorm';
import { CONSIGNMENT_JSON, type ConsignmentJson, type VehicleRow } from './consignment-row.js';
import type {
  ConsignmentListQueryDto,
  CreateConsignmentDto,
  UpdateConsignmentDto,
  VehicleLookupDto,
} from './consignment.dto.js';
import type { ConsignmentStatus } from './consignment-status.js';

/** A consignment as tracking sees it. */
export interface ConsignmentOnTrain {
  id: string;
  status: ConsignmentStatus;
  destinationStationCode: string;
  currentStationCode: string | null;
  eta: Date | null;
}

export interface ConsignmentJourney {
  id: string;
  trainId: string | null;
  destinationStationCode: string;
  routeCode: string | null;
  plannedDepartureAt: Date | null;
}

@Injectable()
export class ConsignmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly stations: StationsService,
  ) {}

  /** A consignment with its vehicles, all or nothing, for the caller's organization (or, for staff, any). */
  async create(caller: Caller, input: CreateConsignmentDto): Promise<ConsignmentJson> {
    const exporterId = await this.exporterFor(caller, input.exporterId);
    await this.checkStations(input);
    const vins = input.vehicles.map((vehicle) => vehicle.vin);
    const repeated = vins.flatMap((vin, i) =>
      vins.indexOf(vin) !== i ? [{ field: `vehicles[${i}].vin`, message: `${vin} appears twice` }] : [],
    );
    if (repeated.length) throw new InvalidInputError('A VIN appears twice in the consignment', repeated);

    const id = await this.dataSource
      .transaction(async (em) => {
        const taken = await em.query<{ vin: string }[]>('SELECT vin FROM vehicles WHERE vin = ANY($1)', [vins]);
        if (taken.length)
          throw vinsTaken(
            vins,
            taken.map((row) => row.vin),
          );
        const [consignment] = await em.query<{ id: string }[]>(
          `INSERT INTO consignments (waybill_number, exporter_id, consignee_name, consignee_country,
           origin_station_code, destination_station_code)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [
            input.waybillNumber,
            exporterId,
            input.consignee.name,
            input.consignee.country,
            input.originStationCode,
            input.destinationStationCode,
          ],
        );
        await em.query(
          `INSERT INTO vehicles (vin, consignment_id, make, model, powertrain, declared_value_amount, declared_value_currency)
         SELECT vin, $1, make, model, powertrain, amount::numeric, currency
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS v(vin, make, model, powertrain, amount, currency)`,
          [
            consignment!.id,
            vins,
            input.vehicles.map((v) => v.make),
            input.vehicles.map((v) => v.model),
            input.vehicles.map((v) => v.powertrain),
            input.vehicles.map((v) => v.declaredValue.amount),
            input.vehicles.map((v) => v.declaredValue.currency),
          ],
        );
        return consignment!.id;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'consignments_waybill_number_unique')) {
          throw new ConflictError(`Waybill ${input.waybillNumber} is already booked`, [
            { field: 'waybillNumber', message: 'is already used by another consignment' },
          ]);
        }
        if (isUniqueViolation(error, 'vehicles_pkey')) {
          // Another request booked one of these VINs between our check and our insert.
          const vin = /\(vin\)=\((\w+)\)/.exec(
            String((error as { driverError?: { detail?: string } }).driverError?.detail),
          )?.[1];
          throw vinsTaken(vins, vin ? [vin] : []);
        }
        throw error;
      });
    return this.get(caller, id);
  }

  /** One consignment with its vehicles, in one query; another organization's answers 404. */
  async get(caller: Caller, id: string): Promise<ConsignmentJson> {
    const scope = scopeWhere(caller, 'c.exporter_id', 2);
    const [row] = await preparedQuery<ConsignmentJson>(
      this.dataSource,
      `SELECT c.id, c.version, ${CONSIGNMENT_JSON} AS json FROM consignments c WHERE c.id = $1 AND ${scope.sql}`,
      [id, ...scope.params],
    );
    if (!row) throw new NotFoundError('Consignment', id);
    return row;
  }

  /**
   * Newest first, keyset on (created_at, id), filtered and scoped; the whole page with its vehicles in one
   * query, as the page's JSON text.
   */
  async list(caller: Caller, query: ConsignmentListQueryDto): Promise<string> {
    const params: unknown[] = [query.limit + 1];
    const where: string[] = [];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    const owner = ownerScope(caller);
    if (owner) add((n) => `c.exporter_id = $${n}`, owner);
    if (query.status) add((n) => `c.status = $${n}`, query.status);
    if (query.trainId) add((n) => `c.train_id = $${n}`, query.trainId);
    if (query.waybillNumber) add((n) => `c.waybill_number = $${n}`, query.waybillNumber);
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, ['instant', 'uuid']);
      params.push(at, id);
      where.push(`(c.created_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows = await this.dataSource.query<{ id: string; cursor_at: string; json: string }[]>(
      `SELECT c.id, ${cursorTime('c.created_at')} AS cursor_at, ${CONSIGNMENT_JSON} AS json FROM consignments c
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY c.created_at DESC, c.id DESC LIMIT $1`,
      params,
    );
    return toJsonPage(rows, query.limit, (row) => encodeCursor([row.cursor_at, row.id]));
  }

  /** Consignee details may change until the consignment is loaded. */
  async update(
    caller: Caller,
    id: string,
    input: UpdateConsignmentDto,
    expectedVersion?: number,
  ): Promise<ConsignmentJson> {
    const scope = scopeWhere(caller, 'exporter_id', 2);
    await this.dataSource.transaction(async (em) => {
      const [current] = await em.query<{ status: string; version: number }[]>(
        `SELECT status, version FROM consignments WHERE id = $1 AND ${scope.sql} FOR UPDATE`,
        [id, ...scope.params],
      );
      if (!current) throw new NotFoundError('Consignment', id);
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw new PreconditionFailedError(`Consignment ${id} is at version ${current.version}, not ${expectedVersion}`);
      }
      if (current.status !== 'booked') {
        throw new ConflictError(`The consignment is ${current.status}: its consignee can change only while booked`);
      }
      await em.query(
        `UPDATE consignments SET consignee_name = $2, consignee_country = $3, version = version + 1, updated_at = now()
         WHERE id = $1`,
        [id, input.consignee.name, input.consignee.country],
      );
    });
    return this.get(caller, id);
  }

  /** A vehicle with its consignment, train, status and where it is; another organization's answers 404. */
  async vehicle(caller: Caller, vin: string): Promise<VehicleLookupDto> {
    const scope = scopeWhere(caller, 'c.exporter_id', 2);
    const [row] = await preparedQuery<
      VehicleRow & {
        consignmentId: string;
        trainId: string | null;
        currentStationCode: string | null;
        eta: Date | null;
      }
    >(
      this.dataSource,
      `SELECT v.vin, v.make, v.model, v.powertrain, v.declared_value_amount::text AS amount,
         v.declared_value_currency AS currency, v.status, v.unit_kind AS "unitKind", v.unit_number AS "unitNumber",
         v.consignment_id AS "consignmentId", c.train_id AS "trainId",
         c.current_station_code AS "currentStationCode", c.eta
       FROM vehicles v
       JOIN consignments c ON c.id = v.consignment_id
       WHERE v.vin = $1 AND ${scope.sql}`,
      [vin, ...scope.params],
    );
    if (!row) throw new NotFoundError('Vehicle', vin);
    return {
      vin: row.vin,
      make: row.make,
      model: row.model,
      powertrain: row.powertrain,
      declaredValue: { amount: row.amount, currency: row.currency },
      status: row.status,
      unit: row.unitKind && row.unitNumber ? { kind: row.unitKind, number: row.unitNumber } : null,
      consignmentId: row.consignmentId,
      trainId: row.trainId,
      currentStationCode: row.currentStationCode,
      eta: row.eta?.toISOString() ?? null,
    };
  }

  /** The consignments on a train, for tracking (inside its transaction, the train locked). */
  async onTrain(em: EntityManager, trainId: string): Promise<ConsignmentOnTrain[]> {
    return em.query<ConsignmentOnTrain[]>(
      `SELECT id, status, destination_station_code AS "destinationStationCode",
         current_station_code AS "currentStationCode", eta
       FROM consignments WHERE train_id = $1 ORDER BY id`,
      [trainId],
    );
  }

  /** What a consignment's timeline needs of it and of its train; another organization's answers 404. */
  async journeyOf(caller: Caller, id: string): Promise<ConsignmentJourney> {
    const scope = scopeWhere(caller, 'c.exporter_id', 2);
    const [row] = await preparedQuery<ConsignmentJourney>(
      this.dataSource,
      `SELECT c.id, c.train_id AS "trainId", c.destination_station_code AS "destinationStationCode",
         t.route_code AS "routeCode", t.planned_departure_at AS "plannedDepartureAt"
       FROM consignments c LEFT JOIN trains t ON t.id = c.train_id
       WHERE c.id = $1 AND ${scope.sql}`,
      [id, ...scope.params],
    );
    if (!row) throw new NotFoundError('Consignment', id);
    return row;
  }

  /** Which train a consignment is on (for staff recording its events); 404 when it does not exist. */
  async trainOf(id: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ train_id: string | null }[]>(
      'SELECT train_id FROM consignments WHERE id = $1',
      [id],
    );
    if (!row) throw new NotFoundError('Consignment', id);
    return row.train_id;
  }

  /** The VINs of a consignment among `vins`, to check events that name vehicles. */
  async vinsOf(em: EntityManager, id: string, vins: readonly string[]): Promise<Set<string>> {
    const rows = await em.query<{ vin: string }[]>(
      'SELECT vin FROM vehicles WHERE consignment_id = $1 AND vin = ANY($2)',
      [id, vins],
    );
    return new Set(rows.map((row) => row.vin));
  }

  private async exporterFor(caller: Caller, requested: string | undefined): Promise<string> {
    if (!isStaff(caller)) {
      if (requested !== undefined && requested !== caller.organizationId) {
        throw new InvalidInputError('Exporters book consignments for their own organization only', [
          { field: 'exporterId', message: 'must be your own organization (or omitted)' },
        ]);
      }
      return caller.organizationId;
    }
    if (!requested) {
      throw new InvalidInputError('Staff must say which exporter the consignment is for', [
        { field: 'exporterId', message: 'is required for staff' },
      ]);
    }
    const organization = await this.organizations.get(requested).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
    if (organization?.kind !== 'exporter') {
      throw new InvalidInputError('Unknown exporter', [
        { field: 'exporterId', message: 'is not an exporter organization' },
      ]);
    }
    return organization.id;
  }

  private async checkStations(input: CreateConsignmentDto): Promise<void> {
    const known = await this.stations.existing([input.originStationCode, input.destinationStationCode]);
    const errors: FieldError[] = [];
    for (const field of ['originStationCode', 'destinationStationCode'] as const) {
      if (!known.has(input[field])) errors.push({ field, message: `station ${input[field]} does not exist` });
    }
    if (input.originStationCode === input.destinationStationCode) {
      errors.push({ field: 'destinationStationCode', message: 'must differ from the origin' });
    }
    if (errors.length) throw new InvalidInputError('Invalid stations', errors);
  }
}

function vinsTaken(vins: readonly string[], taken: readonly string[]): ConflictError {
  return new ConflictError(
    `VIN ${taken.join(', ')} is already booked in another consignment`,
    taken.map((vin) => ({ field: `vehicles[${vins.indexOf(vin)}].vin`, message: `${vin} is already booked` })),
  );
}
