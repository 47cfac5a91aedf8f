import { EVENT_RANK } from '@landbridge/tracking';
import type { DemoTrain } from './demo-plan.js';

type EventType = keyof typeof EVENT_RANK;

const HOUR_MS = 3_600_000;

/** A stop of a route, as the demo reads it from the reference data. */
export interface DemoStop {
  stationCode: string;
  hoursFromOrigin: number;
  gaugeChange: boolean;
}

/**
 * The rows of a batch of demo trains, column by column, as the bulk statements of DemoRepository take
 * them (one array per column, unnested by PostgreSQL).
 */
export interface DemoRows {
  trains: {
    id: string[];
    number: string[];
    route: string[];
    departed: Date[];
    arrived: Date[];
    dest: string[];
    vehicles: number[];
    consignments: number[];
  };
  consignments: {
    id: string[];
    waybill: string[];
    exporter: string[];
    train: string[];
    dest: string[];
    eta: Date[];
    booked: Date[];
  };
  vehicles: {
    vin: string[];
    consignment: string[];
    make: string[];
    model: string[];
    powertrain: string[];
    amount: string[];
    kind: string[];
    number: string[];
    booked: Date[];
  };
  loadings: {
    train: string[];
    vin: string[];
    kind: string[];
    number: string[];
    loaded: Date[];
    released: Date[];
  };
  events: {
    train: string[];
    consignment: (string | null)[];
    type: EventType[];
    rank: number[];
    station: string[];
    at: Date[];
  };
}

/**
 * Turns planned trains into rows: each train arrived, with its full event history on its route (a
 * little late on the way, more at the border, the same for a given train on every run), its consignments
 * delivered and its vehicles loaded the day before departure and released on arrival.
 */
export function demoRows(
  trains: DemoTrain[],
  routes: Map<string, DemoStop[]>,
  exporterIds: Map<string, string>,
): DemoRows {
  const rows: DemoRows = {
    trains: { id: [], number: [], route: [], departed: [], arrived: [], dest: [], vehicles: [], consignments: [] },
    consignments: { id: [], waybill: [], exporter: [], train: [], dest: [], eta: [], booked: [] },
    vehicles: {
      vin: [],
      consignment: [],
      make: [],
      model: [],
      powertrain: [],
      amount: [],
      kind: [],
      number: [],
      booked: [],
    },
    loadings: { train: [], vin: [], kind: [], number: [], loaded: [], released: [] },
    events: { train: [], consignment: [], type: [], rank: [], station: [], at: [] },
  };
  const { trains: t, consignments: c, vehicles: v, loadings: l, events: e } = rows;
  const event = (train: string, consignment: string | null, type: EventType, station: string, at: Date) => {
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
    const lateness = (i: number) => (i === 0 ? 0 : ((train.id.charCodeAt(0) % 7) + i * 2) * HOUR_MS);
    const at = (i: number) => new Date(departed + stops[i]!.hoursFromOrigin * HOUR_MS + lateness(i));
    const last = stops.length - 1;
    const destination = stops[last]!.stationCode;
    const arrived = at(last);
    // Booked three days before departure, loaded the day before it.
    const booked = new Date(departed - 72 * HOUR_MS);
    t.id.push(train.id);
    t.number.push(train.trainNumber);
    t.route.push(train.routeCode);
    t.departed.push(train.departedAt);
    t.arrived.push(arrived);
    t.dest.push(destination);
    t.vehicles.push(train.consignments.reduce((a, x) => a + x.vehicles.length, 0));
    t.consignments.push(train.consignments.length);

    event(train.id, null, 'DEPARTED', stops[0]!.stationCode, train.departedAt);
    stops.forEach((stop, i) => {
      if (i === 0 || i === last) return;
      event(train.id, null, 'ARRIVED_AT_STATION', stop.stationCode, at(i));
      if (stops[i + 1]?.gaugeChange)
        event(train.id, null, 'BORDER_CROSSED', stop.stationCode, new Date(at(i).getTime() + 3 * HOUR_MS));
      if (stop.gaugeChange)
        event(train.id, null, 'GAUGE_CHANGED', stop.stationCode, new Date(at(i).getTime() + 4 * HOUR_MS));
    });
    event(train.id, null, 'ARRIVED', destination, arrived);

    for (const consignment of train.consignments) {
      c.id.push(consignment.id);
      c.waybill.push(consignment.waybillNumber);
      c.exporter.push(exporterIds.get(consignment.exporterKey)!);
      c.train.push(train.id);
      c.dest.push(destination);
      c.eta.push(arrived);
      c.booked.push(booked);
      event(train.id, consignment.id, 'DELIVERED', destination, new Date(arrived.getTime() + 20 * HOUR_MS));
      for (const vehicle of consignment.vehicles) {
        v.vin.push(vehicle.vin);
        v.consignment.push(consignment.id);
        v.make.push(vehicle.make);
        v.model.push(vehicle.model);
        v.powertrain.push(vehicle.powertrain);
        v.amount.push((vehicle.cents / 100).toFixed(2));
        v.kind.push(vehicle.unitKind);
        v.number.push(vehicle.unitNumber);
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
  return rows;
}
