import { ADD_TRAIN_EXPORTS } from '@landbridge/operations';
import { EVENT_RANK } from '@landbridge/tracking';
import type pg from 'pg';
import { DEMO, DEMO_EXPORTERS, type DemoTrain, type DemoVariant, planMonth } from './demo-plan.js';
import { DEMO_TARGETS } from './demo-targets.js';

const HOUR_MS = 3_600_000;
const CHUNK = 100; // trains per round of statements

export interface DemoSummary {
  loaded: boolean;
  trains: number;
  consignments: number;
  vehicles: number;
}

interface Stop {
  station_code: string;
  hours: number;
  gauge_change: boolean;
}

/**
 * Loads the demo dataset — exporters, trains on all three routes from January 2022 to March 2024 with
 * their full event history, consignments, vehicles and loadings — in one transaction of multi-row
 * statements, under the database's own constraints (check digits were computed by the same functions
 * the API validates with). Everything has a fixed id: a second run finds the data and adds nothing.
 * No status updates are written: this is history, not news for subscribers.
 */
export async function loadDemo(
  client: pg.ClientBase,
  scale = 1,
  progress: (done: number, total: number) => void = () => undefined,
  variant: DemoVariant = DEMO,
): Promise<DemoSummary> {
  const trains = DEMO_TARGETS.flatMap((target) => planMonth(target, scale, variant));
  const consignments = trains.flatMap((t) => t.consignments);
  const summary = {
    trains: trains.length,
    consignments: consignments.length,
    vehicles: consignments.reduce((a, c) => a + c.vehicles.length, 0),
  };
  const { rows: present } = await client.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM trains WHERE id = ANY($1)',
    [[trains[0]!.id, trains.at(-1)!.id]],
  );
  if (present[0]!.n === 2) return { loaded: false, ...summary };

  const { rows: stopRows } = await client.query<Stop & { route_code: string }>(
    `SELECT route_code, station_code, planned_hours_from_origin::float AS hours, gauge_change
     FROM route_stops ORDER BY route_code, sequence`,
  );
  const routes = new Map<string, Stop[]>();
  for (const stop of stopRows) routes.set(stop.route_code, [...(routes.get(stop.route_code) ?? []), stop]);

  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO organizations (name, kind) SELECT unnest($1::text[]), 'exporter' ON CONFLICT DO NOTHING`,
      [DEMO_EXPORTERS.map((e) => e.name)],
    );
    const { rows: organizations } = await client.query<{ id: string; name: string }>(
      'SELECT id, name FROM organizations WHERE lower(name) = ANY($1)',
      [DEMO_EXPORTERS.map((e) => e.name.toLowerCase())],
    );
    const exporterIds = new Map(
      DEMO_EXPORTERS.map((e) => [e.key, organizations.find((o) => o.name.toLowerCase() === e.name.toLowerCase())!.id]),
    );
    for (let i = 0; i < trains.length; i += CHUNK) {
      await insertTrains(client, trains.slice(i, i + CHUNK), routes, exporterIds);
      progress(Math.min(i + CHUNK, trains.length), trains.length);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return { loaded: true, ...summary };
}

async function insertTrains(
  client: pg.ClientBase,
  trains: DemoTrain[],
  routes: Map<string, Stop[]>,
  exporterIds: Map<string, string>,
): Promise<void> {
  const t = {
    id: [] as string[],
    number: [] as string[],
    route: [] as string[],
    departed: [] as Date[],
    arrived: [] as Date[],
    dest: [] as string[],
    vehicles: [] as number[],
    consignments: [] as number[],
  };
  const c = {
    id: [] as string[],
    waybill: [] as string[],
    exporter: [] as string[],
    train: [] as string[],
    dest: [] as string[],
    eta: [] as Date[],
    booked: [] as Date[],
  };
  const v = {
    vin: [] as string[],
    consignment: [] as string[],
    make: [] as string[],
    model: [] as string[],
    powertrain: [] as string[],
    amount: [] as string[],
    booked: [] as Date[],
  };
  const l = {
    train: [] as string[],
    vin: [] as string[],
    kind: [] as string[],
    number: [] as string[],
    loaded: [] as Date[],
    released: [] as Date[],
  };
  const e = {
    train: [] as string[],
    consignment: [] as (string | null)[],
    type: [] as string[],
    rank: [] as number[],
    station: [] as string[],
    at: [] as Date[],
  };
  const event = (
    train: string,
    consignment: string | null,
    type: keyof typeof EVENT_RANK,
    station: string,
    at: Date,
  ) => {
    e.train.push(train);
    e.consignment.push(consignment);
    e.type.push(type);
    e.rank.push(EVENT_RANK[type]);
    e.station.push(station);
    e.at.push(at);
  };

  for (const train of trains) {
    const stops = routes.get(train.routeCode)!;
    const departed = train.departedAt.getTime();
    // A little late on the way, more at the border; the same for a given train on every run.
    const lateness = (i: number) => (i === 0 ? 0 : ((train.id.charCodeAt(0) % 7) + i * 2) * HOUR_MS);
    const at = (i: number) => new Date(departed + stops[i]!.hours * HOUR_MS + lateness(i));
    const last = stops.length - 1;
    const arrived = at(last);
    // Booked three days before departure, loaded the day before it.
    const booked = new Date(departed - 72 * HOUR_MS);
    const vehicleCount = train.consignments.reduce((a, x) => a + x.vehicles.length, 0);
    t.id.push(train.id);
    t.number.push(train.trainNumber);
    t.route.push(train.routeCode);
    t.departed.push(train.departedAt);
    t.arrived.push(arrived);
    t.dest.push(stops[last]!.station_code);
    t.vehicles.push(vehicleCount);
    t.consignments.push(train.consignments.length);

    event(train.id, null, 'DEPARTED', stops[0]!.station_code, train.departedAt);
    stops.forEach((stop, i) => {
      if (i === 0 || i === last) return;
      event(train.id, null, 'ARRIVED_AT_STATION', stop.station_code, at(i));
      if (stops[i + 1]?.gauge_change)
        event(train.id, null, 'BORDER_CROSSED', stop.station_code, new Date(at(i).getTime() + 3 * HOUR_MS));
      if (stop.gauge_change)
        event(train.id, null, 'GAUGE_CHANGED', stop.station_code, new Date(at(i).getTime() + 4 * HOUR_MS));
    });
    event(train.id, null, 'ARRIVED', stops[last]!.station_code, arrived);

    for (const consignment of train.consignments) {
      c.id.push(consignment.id);
      c.waybill.push(consignment.waybillNumber);
      c.exporter.push(exporterIds.get(consignment.exporterKey)!);
      c.train.push(train.id);
      c.dest.push(stops[last]!.station_code);
      c.eta.push(arrived);
      c.booked.push(booked);
      event(
        train.id,
        consignment.id,
        'DELIVERED',
        stops[last]!.station_code,
        new Date(arrived.getTime() + 20 * HOUR_MS),
      );
      for (const vehicle of consignment.vehicles) {
        v.vin.push(vehicle.vin);
        v.consignment.push(consignment.id);
        v.make.push(vehicle.make);
        v.model.push(vehicle.model);
        v.powertrain.push(vehicle.powertrain);
        v.amount.push((vehicle.cents / 100).toFixed(2));
        v.booked.push(booked);
        l.train.push(train.id);
        l.vin.push(vehicle.vin);
        l.kind.push(vehicle.unitKind);
        l.number.push(vehicle.unitNumber);
        l.loaded.push(new Date(departed - 20 * HOUR_MS));
        l.released.push(arrived);
      }
    }
  }

  await client.query(
    `INSERT INTO trains (id, train_number, route_code, status, planned_departure_at, departed_at, arrived_at,
       current_station_code, eta, vehicle_count, consignment_count)
     SELECT id, num, route, 'arrived', departed, departed, arrived, dest, arrived, vehicles, consignments
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::int[], $8::int[])
       AS x(id, num, route, departed, arrived, dest, vehicles, consignments)
     ON CONFLICT DO NOTHING`,
    [t.id, t.number, t.route, t.departed, t.arrived, t.dest, t.vehicles, t.consignments],
  );
  await client.query(
    `INSERT INTO consignments (id, waybill_number, exporter_id, consignee_name, consignee_country,
       origin_station_code, destination_station_code, train_id, status, current_station_code, eta, created_at)
     SELECT id, waybill, exporter, 'Avtodom Trading LLC', 'RU', 'CNZGZ', dest, train, 'delivered', dest, eta, booked
     FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[], $7::timestamptz[])
       AS x(id, waybill, exporter, train, dest, eta, booked)
     ON CONFLICT DO NOTHING`,
    [c.id, c.waybill, c.exporter, c.train, c.dest, c.eta, c.booked],
  );
  await client.query(
    `INSERT INTO vehicles (vin, consignment_id, make, model, powertrain, declared_value_amount, declared_value_currency,
       status, unit_kind, unit_number, created_at)
     SELECT vin, consignment, make, model, powertrain, amount::numeric, 'CNY', 'delivered', kind, num, booked
     FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::timestamptz[]) AS x(vin, consignment, make, model, powertrain, amount, kind, num, booked)
     ON CONFLICT DO NOTHING`,
    [v.vin, v.consignment, v.make, v.model, v.powertrain, v.amount, l.kind, l.number, v.booked],
  );
  await client.query(
    `INSERT INTO loadings (train_id, vin, unit_kind, unit_number, loaded_at, released_at)
     SELECT train, vin, kind, num, loaded, released
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
       AS x(train, vin, kind, num, loaded, released)`,
    [l.train, l.vin, l.kind, l.number, l.loaded, l.released],
  );
  await client.query(ADD_TRAIN_EXPORTS, [t.id]);
  await client.query(
    `INSERT INTO tracking_events (train_id, consignment_id, type, rank, station_code, occurred_at, recorded_at)
     SELECT train, consignment, type, rank, station, at, at
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::smallint[], $5::text[], $6::timestamptz[])
       AS x(train, consignment, type, rank, station, at)
     ON CONFLICT DO NOTHING`,
    [e.train, e.consignment, e.type, e.rank, e.station, e.at],
  );
}
