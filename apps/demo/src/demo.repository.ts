import { sql, type Sql } from '@landbridge/common';
import { ADD_TRAIN_EXPORTS } from '@landbridge/operations';
import type pg from 'pg';
import type { DemoRows, DemoStop } from './demo-rows.js';

/** An exporter organization of the demo (marked demo), and whether this run created it. */
export interface DemoOrganization {
  id: string;
  name: string;
  created: boolean;
}

/** A real organization (not marked demo) has the name of one of the demo's exporters. */
export class DemoNameTakenError extends Error {
  constructor(readonly names: string[]) {
    super(
      `organizations not made by the demo are named ${names.join(', ')}: the demo does not add its data to ` +
        'them; rename them to load it',
    );
  }
}

/**
 * The demo loader's SQL: an openly cross-cutting bulk loader that writes the tables of several contexts
 * (identity, operations, tracking) in multi-row statements, so a quarter of a million vehicles load in
 * one pass rather than through each context's services a row at a time. The database's own constraints
 * still check every row. Runs on one connection (`pg.Client`), in the transaction of `inTransaction`.
 */
export class DemoRepository {
  constructor(private readonly client: pg.ClientBase) {}

  private async rows<T extends pg.QueryResultRow>(statement: Sql): Promise<T[]> {
    return (await this.client.query<T>(statement.text, statement.values)).rows;
  }

  private async run(statement: Sql): Promise<void> {
    await this.client.query(statement.text, statement.values);
  }

  /** Runs `work` in one transaction, rolled back if it throws. */
  async inTransaction<T>(work: () => Promise<T>): Promise<T> {
    await this.client.query('BEGIN');
    try {
      const result = await work();
      await this.client.query('COMMIT');
      return result;
    } catch (error) {
      await this.client.query('ROLLBACK');
      throw error;
    }
  }

  /** How many of the trains with these ids exist. */
  async countTrains(ids: string[]): Promise<number> {
    const [row] = await this.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM trains WHERE id = ANY(${ids})`);
    return row!.n;
  }

  /** The stops of every route, in order, with their station's kind, by route code. */
  async routeStops(): Promise<Map<string, DemoStop[]>> {
    const stops = await this.rows<DemoStop & { routeCode: string }>(
      sql`SELECT rs.route_code AS "routeCode", rs.station_code AS "stationCode",
            rs.planned_hours_from_origin::float AS "hoursFromOrigin", rs.gauge_change AS "gaugeChange", s.kind, s.name
          FROM route_stops rs JOIN stations s ON s.code = rs.station_code ORDER BY rs.route_code, rs.sequence`,
    );
    const routes = new Map<string, DemoStop[]>();
    for (const { routeCode, ...stop } of stops) routes.set(routeCode, [...(routes.get(routeCode) ?? []), stop]);
    return routes;
  }

  /**
   * The demo's exporter organizations (marked demo), by name: creates those not there yet and reuses those
   * a previous run created. Refuses (`DemoNameTakenError`) when a real organization has one of the names
   * (names are unique regardless of case): the demo never adds its data to an organization it did not make.
   */
  async ensureExporters(names: string[]): Promise<DemoOrganization[]> {
    const created = await this.rows<{ name: string }>(
      sql`INSERT INTO organizations (name, kind, demo) SELECT unnest(${names}::text[]), 'exporter', true
          ON CONFLICT DO NOTHING RETURNING name`,
    );
    const organizations = await this.demoOrganizations(names, false);
    const taken = organizations.filter((o) => !o.demo).map((o) => o.name);
    if (taken.length) throw new DemoNameTakenError(taken);
    const isNew = new Set(created.map((o) => o.name));
    return organizations.map(({ id, name }) => ({ id, name, created: isNew.has(name) }));
  }

  /** The organizations with these names (regardless of case), the demo's own only unless `demoOnly` is false. */
  async demoOrganizations(
    names: string[],
    demoOnly = true,
  ): Promise<(Omit<DemoOrganization, 'created'> & { demo: boolean })[]> {
    return this.rows(
      sql`SELECT id, name, demo FROM organizations
          WHERE lower(name) = ANY(${names.map((name) => name.toLowerCase())}) AND (demo OR NOT ${demoOnly})
          ORDER BY name`,
    );
  }

  /**
   * Inserts a batch of arrived trains with their consists and transshipments, consignments, vehicles,
   * loadings, event history and trips, and adds what they carried to the export figures. Rows already there
   * (same ids, VINs) are skipped.
   */
  async insertTrains(rows: DemoRows): Promise<void> {
    const { trains: t, consists: k, wagons: w, containers: cc, movedVehicles: m, transshipments: x } = rows;
    const { consignments: c, vehicles: v, loadings: l, events: e } = rows;
    await this.run(sql`
        INSERT INTO trains (id, train_number, route_code, status, planned_departure_at, departed_at, arrived_at,
          current_station_code, eta, vehicle_count, consignment_count, border_dwell)
        SELECT id, num, route, 'arrived', departed, departed, arrived, dest, arrived, vehicles, consignments, dwell
        FROM unnest(${t.id}::uuid[], ${t.number}::text[], ${t.route}::text[], ${t.departed}::timestamptz[],
          ${t.arrived}::timestamptz[], ${t.dest}::text[], ${t.vehicles}::int[], ${t.consignments}::int[],
          ${t.borderDwell}::jsonb[])
          AS x(id, num, route, departed, arrived, dest, vehicles, consignments, dwell)
        ON CONFLICT DO NOTHING`);
    await this.run(sql`
        INSERT INTO consists (id, train_id, station_code, gauge, train_number, valid_from, valid_to)
        SELECT * FROM unnest(${k.id}::uuid[], ${k.train}::uuid[], ${k.station}::text[], ${k.gauge}::smallint[],
          ${k.number}::text[], ${k.from}::timestamptz[], ${k.to}::timestamptz[])
        ON CONFLICT DO NOTHING`);
    await this.run(sql`
        INSERT INTO consist_wagons (consist_id, position, number, gauge, kind, capacity_teu)
        SELECT * FROM unnest(${w.consist}::uuid[], ${w.position}::smallint[], ${w.number}::text[],
          ${w.gauge}::smallint[], ${w.kind}::text[], ${w.capacity}::smallint[])
        ON CONFLICT DO NOTHING`);
    await this.run(sql`
        INSERT INTO consist_containers (consist_id, container_number, size_type, wagon_position)
        SELECT * FROM unnest(${cc.consist}::uuid[], ${cc.number}::text[], ${cc.sizeType}::text[],
          ${cc.position}::smallint[])
        ON CONFLICT DO NOTHING`);
    await this.run(sql`
        INSERT INTO consignments (id, waybill_number, exporter_id, consignee_name, consignee_country,
          origin_station_code, destination_station_code, train_id, status, current_station_code, eta, created_at)
        SELECT id, waybill, exporter, 'Avtodom Trading LLC', 'RU', 'CNZGZ', dest, train, 'delivered', dest, eta, booked
        FROM unnest(${c.id}::uuid[], ${c.waybill}::text[], ${c.exporter}::uuid[], ${c.train}::uuid[], ${c.dest}::text[],
          ${c.eta}::timestamptz[], ${c.booked}::timestamptz[])
          AS x(id, waybill, exporter, train, dest, eta, booked)
        ON CONFLICT DO NOTHING`);
    await this.run(sql`
        INSERT INTO vehicles (vin, consignment_id, make, model, powertrain, declared_value_amount,
          declared_value_currency, status, unit_kind, unit_number, wagon_number, wagon_gauge, created_at)
        SELECT vin, consignment, make, model, powertrain, amount::numeric, 'CNY', 'delivered', kind, num, wagon,
          wagon_gauge, booked
        FROM unnest(${v.vin}::text[], ${v.consignment}::uuid[], ${v.make}::text[], ${v.model}::text[],
          ${v.powertrain}::text[], ${v.amount}::text[], ${v.kind}::text[], ${v.number}::text[], ${v.wagon}::text[],
          ${v.wagonGauge}::smallint[], ${v.booked}::timestamptz[])
          AS x(vin, consignment, make, model, powertrain, amount, kind, num, wagon, wagon_gauge, booked)
        ON CONFLICT DO NOTHING`);
    await this.run(sql`
        INSERT INTO consist_vehicles (consist_id, vin, unit_kind, unit_number)
        SELECT consist, vin, 'wagon', num FROM unnest(${m.consist}::uuid[], ${m.vin}::text[], ${m.number}::text[])
          AS x(consist, vin, num)
        ON CONFLICT DO NOTHING`);
    await this.run(sql`
        INSERT INTO transshipments (id, train_id, station_code, occurred_at, from_consist_id, consist_id,
          from_train_number, train_number, containers_moved, vehicles_moved, recorded_at)
        SELECT id, train, station, at, from_consist, consist, from_number, num, containers, vehicles, at
        FROM unnest(${x.id}::uuid[], ${x.train}::uuid[], ${x.station}::text[], ${x.at}::timestamptz[],
          ${x.fromConsist}::uuid[], ${x.consist}::uuid[], ${x.fromNumber}::text[], ${x.number}::text[],
          ${x.containers}::int[], ${x.vehicles}::int[])
          AS x(id, train, station, at, from_consist, consist, from_number, num, containers, vehicles)
        ON CONFLICT DO NOTHING`);
    await this.run(sql`
        INSERT INTO loadings (train_id, vin, unit_kind, unit_number, loaded_at, released_at)
        SELECT train, vin, kind, num, loaded, released
        FROM unnest(${l.train}::uuid[], ${l.vin}::text[], ${l.kind}::text[], ${l.number}::text[],
          ${l.loaded}::timestamptz[], ${l.released}::timestamptz[])
          AS x(train, vin, kind, num, loaded, released)`);
    // The figures as operations adds them when a train departs (its own statement, exported for this).
    await this.client.query(ADD_TRAIN_EXPORTS, [t.id]);
    await this.run(sql`
        INSERT INTO tracking_events (train_id, consignment_id, type, rank, station_code, occurred_at, recorded_at, note)
        SELECT train, consignment, type, rank, station, at, at, note
        FROM unnest(${e.train}::uuid[], ${e.consignment}::uuid[], ${e.type}::text[], ${e.rank}::smallint[],
          ${e.station}::text[], ${e.at}::timestamptz[], ${e.note}::text[])
          AS x(train, consignment, type, rank, station, at, note)
        ON CONFLICT DO NOTHING`);
    // Their trips, as tracking records a train's when it arrives: the analytics and the ETA learn from them.
    await this.run(sql`
        INSERT INTO train_transits (train_id, route_code, departed_at, arrived_at, border_station_code,
          border_dwell_hours, exporter_ids)
        SELECT t.id, t.route_code, t.departed_at, t.arrived_at, t.border_dwell->0->>'stationCode',
          (t.border_dwell->0->>'hours')::double precision,
          ARRAY(SELECT DISTINCT c.exporter_id FROM consignments c WHERE c.train_id = t.id)
        FROM trains t WHERE t.id = ANY(${t.id}::uuid[])
        ON CONFLICT DO NOTHING`);
  }
}
