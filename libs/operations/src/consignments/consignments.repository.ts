import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  asSystem,
  cursorTime,
  execute,
  isoUtcSql,
  isUniqueViolation,
  jsonArraySql,
  jsonObjectSql,
  jsonSql,
  Keyset,
  ownedBy,
  queryPrepared,
  queryRow,
  queryRows,
  rawSql,
  sql,
  type Sql,
  type TenantScope,
  toJsonPage,
  where,
} from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type UnloadedVehicles, VinAlreadyBookedError, WaybillTakenError } from './consignment-errors.js';
import type { ConsignmentStatus, Powertrain } from './consignment-status.js';
import type { TrainStatus } from '../trains/train-status.js';
import { containerTrip } from '../equipment/container-trip.js';

/** The train `t` as consignment and vehicle views show it (TrainSummaryDto), to exporters too. */
const TRAIN_SUMMARY_JSON = jsonObjectSql({
  id: 't.id',
  trainNumber: 't.train_number',
  plannedDepartureAt: isoUtcSql('t.planned_departure_at'),
  departedAt: isoUtcSql('t.departed_at'),
  arrivedAt: isoUtcSql('t.arrived_at'),
});

/**
 * The vehicles of consignment `c` as the contract's JSON array (VehicleDto), in booking order, each with
 * its unit (that of its latest loading, kept on the vehicle) and the wagon it rides on: the whole
 * consignment is read from its own rows.
 */
const VEHICLES_JSON = `(
  SELECT ${jsonArraySql(
    jsonObjectSql({
      vin: 'v.vin',
      make: 'v.make',
      model: 'v.model',
      powertrain: 'v.powertrain',
      declaredValue: jsonSql(
        jsonObjectSql({ amount: 'v.declared_value_amount::text', currency: 'v.declared_value_currency' }),
      ),
      status: 'v.status',
      unit: jsonSql(
        `CASE WHEN v.unit_kind IS NOT NULL THEN ${jsonObjectSql({ kind: 'v.unit_kind', number: 'v.unit_number' })} END`,
      ),
      wagon: jsonSql(
        `CASE WHEN v.wagon_number IS NOT NULL THEN ${jsonObjectSql({ number: 'v.wagon_number', gauge: 'v.wagon_gauge' })} END`,
      ),
    }),
    'v.booked_seq',
  )}
  FROM vehicles v
  WHERE v.consignment_id = c.id)`;

/**
 * Consignment `c` as the contract's JSON document (ConsignmentDto), built by PostgreSQL as compact JSON
 * text and sent as it is: a consignment of 500 vehicles, or a page of 50 of them, is never parsed into
 * objects and serialised again in the api. Exported for the benchmark's baseline server, which runs the
 * same SQL.
 */
export const CONSIGNMENT_JSON = jsonObjectSql({
  id: 'c.id',
  waybillNumber: 'c.waybill_number',
  exporterId: 'c.exporter_id',
  consignee: jsonSql(jsonObjectSql({ name: 'c.consignee_name', country: 'c.consignee_country' })),
  originStationCode: 'c.origin_station_code',
  destinationStationCode: 'c.destination_station_code',
  trainId: 'c.train_id',
  train: jsonSql(`(SELECT ${TRAIN_SUMMARY_JSON} FROM trains t WHERE t.id = c.train_id)`),
  status: 'c.status',
  currentStationCode: 'c.current_station_code',
  eta: isoUtcSql('c.eta'),
  etaRange: 'c.eta_range',
  etaBasis: 'c.eta_basis',
  vehicles: jsonSql(VEHICLES_JSON),
  version: 'c.version',
});

const DOCUMENT = rawSql(CONSIGNMENT_JSON);
/** A consignment `c` and its train `t` as a share link's page keeps them: their train, and both rows' versions. */
const SHARED_STAMP = rawSql(
  `coalesce(c.train_id::text, '-') || ':' || c.version || ':' || coalesce(t.version::text, '-')`,
);

/** Consignments newest first (index consignments_created, or one of the filtered ones). */
const BY_CREATION = new Keyset(['c.created_at', 'c.id'], ['instant', 'uuid'] as const, 'desc');

/** A consignment as read for a response: its JSON document and, for the ETag, its version. */
export interface ConsignmentJson {
  id: string;
  version: number;
  json: string;
}

interface NewVehicle {
  vin: string;
  make: string;
  model: string;
  powertrain: Powertrain;
  declaredValue: { amount: string; currency: string };
}

export interface NewConsignment {
  waybillNumber: string;
  exporterId: string;
  consignee: Consignee;
  originStationCode: string;
  destinationStationCode: string;
  vehicles: readonly NewVehicle[];
}

export interface Consignee {
  name: string;
  country: string;
}

export interface ConsignmentFilter {
  status?: ConsignmentStatus;
  trainId?: string;
  waybillNumber?: string;
  containerNumber?: string;
}

/** A vehicle of a consignment as a booking manifest row has it (the consignment template's columns). */
export interface ConsignmentVehicleRow {
  waybillNumber: string;
  exporterId: string;
  consigneeName: string;
  consigneeCountry: string;
  originStationCode: string;
  destinationStationCode: string;
  vin: string | null;
  make: string | null;
  model: string | null;
  powertrain: string | null;
  declaredValue: string | null;
  currency: string | null;
}

/** A train as consignment and vehicle views show it. */
interface TrainSummary {
  id: string;
  trainNumber: string;
  plannedDepartureAt: Date;
  departedAt: Date | null;
  arrivedAt: Date | null;
}

/**
 * One vehicle with where it really is: the train, position and ETA of its consignment while the vehicle
 * is loaded on that train (or travelled on it); none while it is only booked.
 */
export interface VehicleView {
  vin: string;
  make: string;
  model: string;
  powertrain: Powertrain;
  amount: string;
  currency: string;
  status: ConsignmentStatus;
  unitKind: 'container' | 'wagon' | null;
  unitNumber: string | null;
  wagonNumber: string | null;
  wagonGauge: number | null;
  consignmentId: string;
  train: TrainSummary | null;
  currentStationCode: string | null;
  eta: Date | null;
}

/** findVehicle's row: the vehicle view with its train's columns flat. */
type VehicleRow = Omit<VehicleView, 'train'> & {
  trainId: string | null;
  trainNumber: string | null;
  plannedDepartureAt: Date | null;
  departedAt: Date | null;
  arrivedAt: Date | null;
};

/** A consignment as tracking sees it. */
export interface ConsignmentOnTrain {
  id: string;
  status: ConsignmentStatus;
  destinationStationCode: string;
  currentStationCode: string | null;
  eta: Date | null;
  exporterId: string;
}

/** What a consignment's timeline needs of it and of its train. */
export interface ConsignmentJourney {
  id: string;
  trainId: string | null;
  destinationStationCode: string;
  routeCode: string | null;
  plannedDepartureAt: Date | null;
}

/** A consignment as an amendment finds it, locked: and its train, if it is on one. */
export interface AmendedConsignment {
  id: string;
  waybillNumber: string;
  status: ConsignmentStatus;
  version: number;
  trainId: string | null;
  trainStatus: TrainStatus | null;
  trainNumber: string | null;
  vehicleCount: number;
}

/** The conditions of a list of consignments `c`: the caller's scope and the filters given. */
function filterConditions(scope: TenantScope, filter: ConsignmentFilter): Sql[] {
  const conditions: Sql[] = [ownedBy(scope, 'c.exporter_id')];
  if (filter.status) conditions.push(sql`c.status = ${filter.status}`);
  if (filter.trainId) conditions.push(sql`c.train_id = ${filter.trainId}`);
  if (filter.waybillNumber) conditions.push(sql`c.waybill_number = ${filter.waybillNumber}`);
  if (filter.containerNumber) {
    // Those with a vehicle in the container on its trip, as GET /containers/:number lists them. The ids as an
    // array first (index vehicles_container): as a semi-join, the planner may scan consignments.
    conditions.push(
      sql`c.id = ANY(ARRAY(SELECT DISTINCT v.consignment_id FROM vehicles v
            WHERE v.unit_kind = 'container' AND v.unit_number = ${filter.containerNumber}))
          AND c.train_id = (SELECT trip.id FROM (${containerTrip(filter.containerNumber)}) trip)`,
    );
  }
  return conditions;
}

/**
 * The `consignments` and `vehicles` tables, but for status changes (ConsignmentStatusRepository). Reads an
 * exporter can reach take its TenantScope. The hot reads (a consignment, a vehicle, a journey) run as named
 * prepared statements, the documents built as JSON by PostgreSQL.
 */
@Injectable()
export class ConsignmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Which of these VINs are booked already, by any organization (a VIN is unique across them, and the caller
   * is told so): as the system, since row-level security would hide another exporter's vehicles.
   */
  async bookedVins(em: EntityManager, vins: readonly string[]): Promise<string[]> {
    const rows = await asSystem(() =>
      queryRows<{ vin: string }>(em, sql`SELECT vin FROM vehicles WHERE vin = ANY(${vins})`),
    );
    return rows.map((row) => row.vin);
  }

  /**
   * A consignment and its vehicles. A waybill number or VIN booked meanwhile (unique constraints) is a
   * WaybillTakenError or VinAlreadyBookedError.
   */
  async insert(em: EntityManager, consignment: NewConsignment): Promise<string> {
    const { vehicles } = consignment;
    try {
      const row = await queryRow<{ id: string }>(
        em,
        sql`INSERT INTO consignments (waybill_number, exporter_id, consignee_name, consignee_country,
              origin_station_code, destination_station_code)
            VALUES (${consignment.waybillNumber}, ${consignment.exporterId}, ${consignment.consignee.name},
              ${consignment.consignee.country}, ${consignment.originStationCode}, ${consignment.destinationStationCode})
            RETURNING id`,
      );
      const id = row!.id;
      await this.insertVehicles(em, id, vehicles);
      return id;
    } catch (error) {
      if (isUniqueViolation(error, 'consignments_waybill_number_unique')) {
        throw new WaybillTakenError(consignment.waybillNumber);
      }
      throw error;
    }
  }

  /** Which of these waybill numbers are taken already (one query), by any organization, as bookedVins. */
  async takenWaybills(em: EntityManager, waybills: readonly string[]): Promise<string[]> {
    const rows = await asSystem(() =>
      queryRows<{ waybill: string }>(
        em,
        sql`SELECT waybill_number AS waybill FROM consignments WHERE waybill_number = ANY(${waybills}::text[])`,
      ),
    );
    return rows.map((row) => row.waybill);
  }

  /**
   * Many consignments with their vehicles (a manifest), in two set-based statements: the consignments in the
   * given order, then every vehicle joined to its consignment by waybill, in booking order. Returns the ids in
   * the given order. A waybill or VIN booked meanwhile is a WaybillTakenError or VinAlreadyBookedError.
   */
  async insertMany(em: EntityManager, consignments: readonly NewConsignment[]): Promise<string[]> {
    const waybills = consignments.map((c) => c.waybillNumber);
    const vehicles = consignments.flatMap((c) => c.vehicles.map((v) => ({ ...v, waybill: c.waybillNumber })));
    try {
      const rows = await queryRows<{ id: string; waybill: string }>(
        em,
        sql`INSERT INTO consignments (waybill_number, exporter_id, consignee_name, consignee_country,
              origin_station_code, destination_station_code)
            SELECT waybill, exporter::uuid, name, country, origin, destination
            FROM unnest(${waybills}::text[], ${consignments.map((c) => c.exporterId)}::text[],
              ${consignments.map((c) => c.consignee.name)}::text[], ${consignments.map((c) => c.consignee.country)}::text[],
              ${consignments.map((c) => c.originStationCode)}::text[],
              ${consignments.map((c) => c.destinationStationCode)}::text[])
              WITH ORDINALITY AS c(waybill, exporter, name, country, origin, destination, n)
            ORDER BY c.n
            RETURNING id, waybill_number AS waybill`,
      );
      const idOf = new Map(rows.map((row) => [row.waybill, row.id]));
      await execute(
        em,
        sql`INSERT INTO vehicles (vin, consignment_id, make, model, powertrain, declared_value_amount,
              declared_value_currency)
            SELECT v.vin, c.id, v.make, v.model, v.powertrain, v.amount::numeric, v.currency
            FROM unnest(${vehicles.map((v) => v.vin)}::text[], ${vehicles.map((v) => v.waybill)}::text[],
              ${vehicles.map((v) => v.make)}::text[], ${vehicles.map((v) => v.model)}::text[],
              ${vehicles.map((v) => v.powertrain)}::text[], ${vehicles.map((v) => v.declaredValue.amount)}::text[],
              ${vehicles.map((v) => v.declaredValue.currency)}::text[])
              WITH ORDINALITY AS v(vin, waybill, make, model, powertrain, amount, currency, n)
            JOIN consignments c ON c.waybill_number = v.waybill
            ORDER BY v.n`,
      );
      return waybills.map((waybill) => idOf.get(waybill)!);
    } catch (error) {
      if (isUniqueViolation(error, 'consignments_waybill_number_unique')) {
        const waybill = /\(waybill_number\)=\((\w+)\)/.exec(
          String((error as { driverError?: { detail?: string } }).driverError?.detail),
        )?.[1];
        throw new WaybillTakenError(waybill ?? '');
      }
      if (isUniqueViolation(error, 'vehicles_pkey')) {
        const vin = /\(vin\)=\((\w+)\)/.exec(
          String((error as { driverError?: { detail?: string } }).driverError?.detail),
        )?.[1];
        throw new VinAlreadyBookedError(vin ? [{ vin, index: vehicles.findIndex((v) => v.vin === vin) }] : []);
      }
      throw error;
    }
  }

  /** One consignment's document, in one query. */
  async findDocument(id: string, scope: TenantScope): Promise<ConsignmentJson | undefined> {
    const [row] = await queryPrepared<ConsignmentJson>(
      this.dataSource,
      sql`SELECT c.id, c.version, ${DOCUMENT} AS json FROM consignments c
          WHERE c.id = ${id} AND ${ownedBy(scope, 'c.exporter_id')}`,
    );
    return row;
  }

  /** A page of documents, newest first, filtered; the JSON text of the whole page in one query. */
  async pageDocuments(
    scope: TenantScope,
    filter: ConsignmentFilter,
    limit: number,
    cursor: string | undefined,
  ): Promise<string> {
    const conditions = filterConditions(scope, filter);
    const rows = await queryRows<{ id: string; cursor_at: string; json: string }>(
      this.dataSource,
      sql`SELECT c.id, ${rawSql(cursorTime('c.created_at'))} AS cursor_at, ${DOCUMENT} AS json FROM consignments c
          ${where(...conditions, BY_CREATION.after(cursor))}
          ORDER BY ${BY_CREATION.orderBy} LIMIT ${limit + 1}`,
    );
    return toJsonPage(rows, limit, (row) => BY_CREATION.key(row.cursor_at, row.id));
  }

  /**
   * Every vehicle of the consignments the filter matches, one row each, newest consignment first and each
   * consignment's vehicles in booking order: read a page of `pageSize` consignments at a time (keyset, as the
   * JSON list), so an export of any size holds one page.
   */
  async *vehicleRows(
    scope: TenantScope,
    filter: ConsignmentFilter,
    pageSize = 200,
  ): AsyncGenerator<ConsignmentVehicleRow> {
    const conditions = filterConditions(scope, filter);
    let cursor: string | undefined;
    for (;;) {
      const rows = await queryRows<ConsignmentVehicleRow & { id: string; cursorAt: string }>(
        this.dataSource,
        sql`WITH page AS (
              SELECT c.id, c.created_at, ${rawSql(cursorTime('c.created_at'))} AS cursor_at, c.waybill_number,
                c.exporter_id, c.consignee_name, c.consignee_country, c.origin_station_code, c.destination_station_code
              FROM consignments c
              ${where(...conditions, BY_CREATION.after(cursor))}
              ORDER BY ${BY_CREATION.orderBy} LIMIT ${pageSize}
            )
            SELECT p.id, p.cursor_at AS "cursorAt", p.waybill_number AS "waybillNumber", p.exporter_id AS "exporterId",
              p.consignee_name AS "consigneeName", p.consignee_country AS "consigneeCountry",
              p.origin_station_code AS "originStationCode", p.destination_station_code AS "destinationStationCode",
              v.vin, v.make, v.model, v.powertrain, v.declared_value_amount::text AS "declaredValue",
              v.declared_value_currency AS currency
            FROM page p
            LEFT JOIN vehicles v ON v.consignment_id = p.id
            ORDER BY p.created_at DESC, p.id DESC, v.booked_seq`,
      );
      for (const { id: _id, cursorAt: _cursorAt, ...row } of rows) if (row.vin !== null) yield row;
      const last = rows.at(-1);
      if (!last || new Set(rows.map((row) => row.id)).size < pageSize) return;
      cursor = BY_CREATION.key(last.cursorAt, last.id);
    }
  }

  /** The consignment locked for an edit: its status, version and consignee. */
  lockForEdit(
    em: EntityManager,
    id: string,
    scope: TenantScope,
  ): Promise<{ status: ConsignmentStatus; version: number; consignee: Consignee } | undefined> {
    return queryRow(
      em,
      sql`SELECT status, version, json_build_object('name', consignee_name, 'country', consignee_country) AS consignee
       FROM consignments WHERE id = ${id} AND ${ownedBy(scope, 'exporter_id')} FOR UPDATE`,
    );
  }

  async updateConsignee(em: EntityManager, id: string, consignee: Consignee): Promise<void> {
    await execute(
      em,
      sql`UPDATE consignments SET consignee_name = ${consignee.name}, consignee_country = ${consignee.country},
            version = version + 1, updated_at = now()
          WHERE id = ${id}`,
    );
  }

  /**
   * A vehicle with its consignment's train, position and ETA when it is on that train (it has a unit);
   * a vehicle not loaded is on no train, whatever its consignment's other vehicles are on.
   */
  async findVehicle(vin: string, scope: TenantScope): Promise<VehicleView | undefined> {
    const [row] = await queryPrepared<VehicleRow>(
      this.dataSource,
      sql`SELECT v.vin, v.make, v.model, v.powertrain, v.declared_value_amount::text AS amount,
            v.declared_value_currency AS currency, v.status, v.unit_kind AS "unitKind", v.unit_number AS "unitNumber",
            v.wagon_number AS "wagonNumber", v.wagon_gauge AS "wagonGauge", v.consignment_id AS "consignmentId", t.id AS "trainId", t.train_number AS "trainNumber",
            t.planned_departure_at AS "plannedDepartureAt", t.departed_at AS "departedAt", t.arrived_at AS "arrivedAt",
            CASE WHEN t.id IS NOT NULL THEN c.current_station_code END AS "currentStationCode",
            CASE WHEN t.id IS NOT NULL THEN c.eta END AS eta
          FROM vehicles v
          JOIN consignments c ON c.id = v.consignment_id
          LEFT JOIN trains t ON t.id = c.train_id AND v.unit_kind IS NOT NULL
          WHERE v.vin = ${vin} AND ${ownedBy(scope, 'c.exporter_id')}`,
    );
    if (!row) return undefined;
    const { trainId, trainNumber, plannedDepartureAt, departedAt, arrivedAt, ...vehicle } = row;
    return {
      ...vehicle,
      train: trainId
        ? { id: trainId, trainNumber: trainNumber!, plannedDepartureAt: plannedDepartureAt!, departedAt, arrivedAt }
        : null,
    };
  }

  /** The consignments on a train, in id order (the order their rows are locked in). */
  onTrain(em: EntityManager, trainId: string): Promise<ConsignmentOnTrain[]> {
    return queryRows<ConsignmentOnTrain>(
      em,
      sql`SELECT id, status, destination_station_code AS "destinationStationCode",
            current_station_code AS "currentStationCode", eta, exporter_id AS "exporterId"
          FROM consignments WHERE train_id = ${trainId} ORDER BY id`,
    );
  }

  /** A consignment with the route and planned departure of its train. */
  async journeyOf(id: string, scope: TenantScope): Promise<ConsignmentJourney | undefined> {
    const [row] = await queryPrepared<ConsignmentJourney>(
      this.dataSource,
      sql`SELECT c.id, c.train_id AS "trainId", c.destination_station_code AS "destinationStationCode",
            t.route_code AS "routeCode", t.planned_departure_at AS "plannedDepartureAt"
          FROM consignments c LEFT JOIN trains t ON t.id = c.train_id
          WHERE c.id = ${id} AND ${ownedBy(scope, 'c.exporter_id')}`,
    );
    return row;
  }

  /**
   * The train a consignment of this exporter is on, and a stamp that moves whenever the consignment's row
   * or its train's does (status, position, ETA, vehicles booked, plan): what a share link's page keeps.
   */
  async sharedVersion(id: string, exporterId: string): Promise<{ trainId: string | null; stamp: string } | undefined> {
    const [row] = await queryPrepared<{ trainId: string | null; stamp: string }>(
      this.dataSource,
      sql`SELECT c.train_id AS "trainId", ${SHARED_STAMP} AS stamp
          FROM consignments c LEFT JOIN trains t ON t.id = c.train_id
          WHERE c.id = ${id} AND c.exporter_id = ${exporterId}`,
    );
    return row;
  }

  /**
   * sharedVersion's stamp as a scalar subquery (NULL when there is no such consignment), for a statement
   * of another context that reads it alongside its own rows in one round trip (the tracking page's, whose
   * columns name the consignment and exporter).
   */
  sharedStampSql(id: Sql, exporterId: Sql): Sql {
    return sql`(SELECT ${SHARED_STAMP} FROM consignments c LEFT JOIN trains t ON t.id = c.train_id
      WHERE c.id = ${id} AND c.exporter_id = ${exporterId})`;
  }

  /** The train a consignment is on (null for none), or undefined when there is no such consignment. */
  trainOf(id: string, scope: TenantScope): Promise<{ trainId: string | null; exporterId: string } | undefined> {
    return queryRow(
      this.dataSource,
      sql`SELECT train_id AS "trainId", exporter_id AS "exporterId" FROM consignments
       WHERE id = ${id} AND ${ownedBy(scope, 'exporter_id')}`,
    );
  }

  /** The VINs of a consignment among `vins`. */
  async vinsOf(em: EntityManager, id: string, vins: readonly string[]): Promise<Set<string>> {
    const rows = await queryRows<{ vin: string }>(
      em,
      sql`SELECT vin FROM vehicles WHERE consignment_id = ${id} AND vin = ANY(${vins})`,
    );
    return new Set(rows.map((row) => row.vin));
  }

  /**
   * Vehicles of a consignment, booked. A VIN booked meanwhile (the primary key) is a VinAlreadyBookedError
   * naming it at its place in `vehicles`.
   */
  private async insertVehicles(em: EntityManager, id: string, vehicles: readonly NewVehicle[]): Promise<void> {
    const vins = vehicles.map((v) => v.vin);
    try {
      await execute(
        em,
        sql`INSERT INTO vehicles (vin, consignment_id, make, model, powertrain, declared_value_amount,
              declared_value_currency)
            SELECT vin, ${id}, make, model, powertrain, amount::numeric, currency
            FROM unnest(${vins}::text[], ${vehicles.map((v) => v.make)}::text[], ${vehicles.map((v) => v.model)}::text[],
              ${vehicles.map((v) => v.powertrain)}::text[], ${vehicles.map((v) => v.declaredValue.amount)}::text[],
              ${vehicles.map((v) => v.declaredValue.currency)}::text[])
              WITH ORDINALITY AS v(vin, make, model, powertrain, amount, currency, n)
            ORDER BY v.n`,
      );
    } catch (error) {
      if (isUniqueViolation(error, 'vehicles_pkey')) {
        // Another request booked one of these VINs between the caller's check and this insert.
        const vin = /\(vin\)=\((\w+)\)/.exec(
          String((error as { driverError?: { detail?: string } }).driverError?.detail),
        )?.[1];
        throw new VinAlreadyBookedError(vin ? [{ vin, index: vins.indexOf(vin) }] : []);
      }
      throw error;
    }
  }

  /**
   * The consignment locked for an amendment, with what deciding on it takes: its status, version and
   * train (the train's status and number too), and how many vehicles it has.
   */
  lockForAmendment(em: EntityManager, id: string, scope: TenantScope): Promise<AmendedConsignment | undefined> {
    return queryRow<AmendedConsignment>(
      em,
      sql`SELECT c.id, c.waybill_number AS "waybillNumber", c.status, c.version, c.train_id AS "trainId",
            t.status AS "trainStatus", t.train_number AS "trainNumber",
            (SELECT count(*)::int FROM vehicles v WHERE v.consignment_id = c.id) AS "vehicleCount"
          FROM consignments c LEFT JOIN trains t ON t.id = c.train_id
          WHERE c.id = ${id} AND ${ownedBy(scope, 'c.exporter_id')}
          FOR UPDATE OF c`,
    );
  }

  /** More vehicles for a consignment (booked), a new version of it. */
  async addVehicles(em: EntityManager, id: string, vehicles: readonly NewVehicle[]): Promise<void> {
    await this.insertVehicles(em, id, vehicles);
    await this.bumpVersion(em, id);
  }

  /** A vehicle of the consignment, with the train it is loaded on (null while booked); undefined for none. */
  vehicleOf(em: EntityManager, id: string, vin: string): Promise<{ vin: string; loadedOn: string | null } | undefined> {
    return queryRow(
      em,
      sql`SELECT v.vin, l.train_id AS "loadedOn" FROM vehicles v
          LEFT JOIN loadings l ON l.vin = v.vin AND l.released_at IS NULL
          WHERE v.consignment_id = ${id} AND v.vin = ${vin}`,
    );
  }

  /** Takes a (booked) vehicle out of the consignment, its loadings on record with it; a new version. */
  async removeVehicle(em: EntityManager, id: string, vin: string): Promise<void> {
    await execute(em, sql`DELETE FROM vehicles WHERE consignment_id = ${id} AND vin = ${vin}`);
    await this.bumpVersion(em, id);
  }

  /**
   * The vehicles of consignments on the train that are not loaded on it, by consignment (waybill order),
   * at most `limit` of them, and how many there are in all.
   */
  async notLoadedOnTrain(
    em: EntityManager,
    trainId: string,
    limit: number,
  ): Promise<{ consignments: UnloadedVehicles[]; count: number }> {
    const rows = await queryRows<{ id: string; waybillNumber: string; vin: string; count: number }>(
      em,
      // Each consignment's vehicles through its index (the LATERAL, kept from being flattened by OFFSET 0): as
      // a plain join, statistics taken while few vehicles were loaded made the planner scan them all. A vehicle
      // is loaded when it has a unit: loading keeps the unit on the vehicle, and a consignment's loaded vehicles
      // are all on its train (a loading onto another train is refused), so no probe of loadings is needed.
      sql`SELECT c.id, c.waybill_number AS "waybillNumber", x.vin, count(*) OVER ()::int AS count
          FROM consignments c
          CROSS JOIN LATERAL (
            SELECT v.vin FROM vehicles v WHERE v.consignment_id = c.id AND v.unit_kind IS NULL OFFSET 0
          ) x
          WHERE c.train_id = ${trainId}
          ORDER BY c.waybill_number, x.vin LIMIT ${limit}`,
    );
    const consignments: UnloadedVehicles[] = [];
    for (const row of rows) {
      const last = consignments.at(-1);
      if (last?.id === row.id) last.vins.push(row.vin);
      else consignments.push({ id: row.id, waybillNumber: row.waybillNumber, vins: [row.vin] });
    }
    return { consignments, count: rows[0]?.count ?? 0 };
  }

  /**
   * Whether the vehicle of the consignment is on the consignment's train: loaded there (in a unit) and not
   * unloaded since. After arrival its loading is released but it stays in its unit, on that train.
   */
  async isOnTrain(em: EntityManager, id: string, trainId: string, vin: string): Promise<boolean> {
    const row = await queryRow<{ vin: string }>(
      em,
      sql`SELECT v.vin FROM vehicles v JOIN consignments c ON c.id = v.consignment_id
          WHERE v.vin = ${vin} AND c.id = ${id} AND c.train_id = ${trainId} AND v.unit_kind IS NOT NULL
            AND EXISTS (SELECT 1 FROM loadings l WHERE l.vin = v.vin AND l.train_id = ${trainId})`,
    );
    return row !== undefined;
  }

  private async bumpVersion(em: EntityManager, id: string): Promise<void> {
    await execute(em, sql`UPDATE consignments SET version = version + 1, updated_at = now() WHERE id = ${id}`);
  }
}
