import { borderDwell, EVENT_RANK } from '@landbridge/tracking';
import { demoUuid, type DemoTrain, type DemoWagon, random } from './demo-plan.js';

type EventType = keyof typeof EVENT_RANK;

const HOUR_MS = 3_600_000;

/** A stop of a route, as the demo reads it from the reference data. */
export interface DemoStop {
  stationCode: string;
  hoursFromOrigin: number;
  gaugeChange: boolean;
  /** The station's kind: consecutive `border` stops make a crossing. */
  kind: string;
  /** The station's name, as the transshipment's timeline item says it. */
  name: string;
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
    borderDwell: string[];
  };
  consists: {
    id: string[];
    train: string[];
    station: string[];
    gauge: number[];
    number: string[];
    /** RFC 3339, or '-infinity' for the one formed at the origin. */
    from: string[];
    to: (Date | null)[];
  };
  wagons: {
    consist: string[];
    position: number[];
    number: string[];
    gauge: number[];
    kind: string[];
    capacity: (number | null)[];
  };
  containers: { consist: string[]; number: string[]; sizeType: string[]; position: number[] };
  /** Cars moved off a JSQ carrier: their unit in the consist after the gauge change. */
  movedVehicles: { consist: string[]; vin: string[]; number: string[] };
  transshipments: {
    id: string[];
    train: string[];
    station: string[];
    at: Date[];
    fromConsist: string[];
    consist: string[];
    fromNumber: string[];
    number: string[];
    containers: number[];
    vehicles: number[];
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
    wagon: string[];
    wagonGauge: number[];
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
    note: (string | null)[];
  };
}

/**
 * Border dwell of the demo, from the arrival at a crossing's first border stop to the departure from its
 * gauge-change stop, in hours: a fluid base of 5–12 h, plus a congested part of 2–5 days scaled by the
 * season (the months before Chinese New Year, the pre-holiday peaks of October–November and winter are
 * congested; summer is fluid), both times the crossing's own factor: Zabaikalsk and Dostyk handle more
 * trains than they have cranes for, Zamyn-Uud less so. `u` in [0, 1) places a train in its range.
 */
function dwellHours(gaugeChangeStop: string, month: number, u: number): number {
  const crossing = CROSSING_FACTOR[gaugeChangeStop] ?? 1;
  return Math.round(((5 + 7 * u) * crossing + SEASON_CONGESTION[month - 1]! * (48 + 72 * u) * crossing) * 4) / 4;
}

/** How congested the border crossings are by month (January first): 0 fluid, 1 at the winter peak. */
const SEASON_CONGESTION = [0.9, 0.8, 0.35, 0.25, 0.15, 0.05, 0, 0.05, 0.3, 0.55, 0.75, 1];
/** How much longer than at Zamyn-Uud a train waits at each gauge-change stop. */
const CROSSING_FACTOR: Record<string, number> = { MNZUU: 1, RUZBK: 1.6, KZDOS: 1.8 };

/**
 * Turns planned trains into rows: each train arrived, with its full event history on its route (a
 * little late on the way, the same for a given train on every run), a border dwell after `dwellHours`,
 * its consignments delivered and its vehicles loaded the day before departure and released on arrival;
 * its consist from the origin and, at the gauge change, the transshipment onto 1520 mm wagons.
 */
export function demoRows(
  trains: DemoTrain[],
  routes: Map<string, DemoStop[]>,
  exporterIds: Map<string, string>,
): DemoRows {
  const rows: DemoRows = {
    trains: {
      id: [],
      number: [],
      route: [],
      departed: [],
      arrived: [],
      dest: [],
      vehicles: [],
      consignments: [],
      borderDwell: [],
    },
    consists: { id: [], train: [], station: [], gauge: [], number: [], from: [], to: [] },
    wagons: { consist: [], position: [], number: [], gauge: [], kind: [], capacity: [] },
    containers: { consist: [], number: [], sizeType: [], position: [] },
    movedVehicles: { consist: [], vin: [], number: [] },
    transshipments: {
      id: [],
      train: [],
      station: [],
      at: [],
      fromConsist: [],
      consist: [],
      fromNumber: [],
      number: [],
      containers: [],
      vehicles: [],
    },
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
      wagon: [],
      wagonGauge: [],
      booked: [],
    },
    loadings: { train: [], vin: [], kind: [], number: [], loaded: [], released: [] },
    events: { train: [], consignment: [], type: [], rank: [], station: [], at: [], note: [] },
  };
  const { trains: t, consignments: c, vehicles: v, loadings: l, events: e } = rows;
  const event = (
    train: string,
    consignment: string | null,
    type: EventType,
    station: string,
    at: Date,
    note: string | null = null,
  ) => {
    e.note.push(note);
    e.train.push(train);
    e.consignment.push(consignment);
    e.type.push(type);
    e.rank.push(EVENT_RANK[type]);
    e.station.push(station);
    e.at.push(at);
  };

  for (const train of trains) {
    const stops = routes.get(train.routeCode)!;
    const { times, transshippedAt, change } = timesOnRoute(train, stops);
    const last = stops.length - 1;
    const destination = stops[last]!.stationCode;
    const arrived = times[last]!.arrived;
    const departed = train.departedAt.getTime();
    // Booked three days before departure, loaded the day before it.
    const booked = new Date(departed - 72 * HOUR_MS);

    const firstEvent = e.type.length;
    event(train.id, null, 'DEPARTED', stops[0]!.stationCode, train.departedAt);
    stops.forEach((stop, i) => {
      if (i === 0 || i === last) return;
      const { arrived: at, crossed, departed: left } = times[i]!;
      event(train.id, null, 'ARRIVED_AT_STATION', stop.stationCode, at);
      if (crossed) event(train.id, null, 'BORDER_CROSSED', stop.stationCode, crossed);
      if (i === change) {
        // As the API writes it (TransshipmentsService): where, how many containers, and the new number.
        const containers = train.consist.reduce((a, w) => a + w.containers.length, 0);
        const renamed = train.broadTrainNumber === train.trainNumber ? '' : `, train now ${train.broadTrainNumber}`;
        const note = `${stop.name}: ${containers} containers from 1435 mm to 1520 mm wagons${renamed}`;
        event(train.id, null, 'TRANSSHIPPED', stop.stationCode, transshippedAt, note);
      }
      if (left) event(train.id, null, 'DEPARTED_STATION', stop.stationCode, left);
    });
    event(train.id, null, 'ARRIVED', destination, arrived);
    const dwell = borderDwell(
      stops,
      e.type.slice(firstEvent).map((type, k) => ({
        type,
        stationCode: e.station[firstEvent + k]!,
        occurredAt: e.at[firstEvent + k]!,
        consignmentId: null,
        vin: null,
        note: null,
        delayHours: null,
        seq: k,
      })),
    );

    t.id.push(train.id);
    t.number.push(change >= 0 ? train.broadTrainNumber : train.trainNumber);
    t.route.push(train.routeCode);
    t.departed.push(train.departedAt);
    t.arrived.push(arrived);
    t.dest.push(destination);
    t.vehicles.push(train.consignments.reduce((a, x) => a + x.vehicles.length, 0));
    t.consignments.push(train.consignments.length);
    t.borderDwell.push(JSON.stringify(dwell));

    // Where each vehicle rides at the end: its container's wagon, or the car carrier it was moved to.
    const origin = addConsist(rows, demoUuid(`consist:${train.id}:origin`), train, stops[0]!.stationCode, 1435, {
      number: train.trainNumber,
      from: '-infinity',
      to: change >= 0 ? transshippedAt : null,
      wagons: train.consist,
    });
    let final = origin;
    if (change >= 0) {
      const consistId = demoUuid(`consist:${train.id}:${stops[change]!.stationCode}`);
      final = addConsist(rows, consistId, train, stops[change]!.stationCode, 1520, {
        number: train.broadTrainNumber,
        from: transshippedAt.toISOString(),
        to: null,
        wagons: train.broadConsist,
      });
      const { movedVehicles: m, transshipments: x } = rows;
      for (const move of train.carMoves) {
        m.consist.push(consistId);
        m.vin.push(move.vin);
        m.number.push(move.wagonNumber);
      }
      x.id.push(demoUuid(`transshipment:${train.id}:${stops[change]!.stationCode}`));
      x.train.push(train.id);
      x.station.push(stops[change]!.stationCode);
      x.at.push(transshippedAt);
      x.fromConsist.push(origin.id);
      x.consist.push(consistId);
      x.fromNumber.push(train.trainNumber);
      x.number.push(train.broadTrainNumber);
      x.containers.push(train.consist.reduce((a, w) => a + w.containers.length, 0));
      // Every vehicle changed wagon: in its container, or driven onto another car carrier.
      x.vehicles.push(t.vehicles.at(-1)!);
    }
    const moved = new Map(change >= 0 ? train.carMoves.map((move) => [move.vin, move.wagonNumber]) : []);

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
        const carrier = moved.get(vehicle.vin);
        const unit = carrier
          ? { kind: 'wagon', number: carrier }
          : { kind: vehicle.unitKind, number: vehicle.unitNumber };
        v.vin.push(vehicle.vin);
        v.consignment.push(consignment.id);
        v.make.push(vehicle.make);
        v.model.push(vehicle.model);
        v.powertrain.push(vehicle.powertrain);
        v.amount.push((vehicle.cents / 100).toFixed(2));
        v.kind.push(unit.kind);
        v.number.push(unit.number);
        v.wagon.push(unit.kind === 'wagon' ? unit.number : final.wagonOf.get(unit.number)!);
        v.wagonGauge.push(final.gauge);
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

/** Deterministic pseudo-random numbers seeded by the train (its id): the same history on every run. */
function trainRandom(trainId: string): () => number {
  return random(parseInt(trainId.slice(24, 32), 16) | 0);
}

/** Months (January first) when the Russian and Mongolian lines run slower: frost, snow, locomotive changes. */
const WINTER = [1, 1, 0.4, 0, 0, 0, 0, 0, 0, 0.2, 0.6, 1];

/**
 * Hours a train stands at a junction (Ulaanbaatar, Novosibirsk, Yekaterinburg): crew and locomotive
 * changes, usually 2–6 h, more in winter; one train in fifty is held 1–3 days (a line closure, a broken
 * locomotive). `r` is the train's random source.
 */
function junctionHours(month: number, r: () => number): number {
  const routine = 2 + 4 * r() + WINTER[month - 1]! * 6 * r();
  return r() < 0.02 ? routine + 24 + 48 * r() : routine;
}

/**
 * When a train was at each stop of its route, and when its containers changed wagons (at stop `change`,
 * -1 if none). Each leg runs 2 % faster to 8 % slower than planned; junctions hold it `junctionHours`; the
 * border crossing `dwellHours`, and one train in thirty waits 3–9 days more there (an inspection, a wagon
 * shortage on the other side). Seeded by the train: the same on every run.
 */
function timesOnRoute(
  train: DemoTrain,
  stops: DemoStop[],
): { times: { arrived: Date; crossed?: Date; departed?: Date }[]; transshippedAt: Date; change: number } {
  const r = trainRandom(train.id);
  const month = train.departedAt.getUTCMonth() + 1;
  const change = stops.findIndex((stop) => stop.gaugeChange);
  // The wait starts at the first of the border stops before the gauge change (there only, on another route).
  let first = change;
  while (first > 0 && stops[change]!.kind === 'border' && stops[first - 1]!.kind === 'border') first--;
  const u = parseInt(train.id.slice(0, 4), 16) / 0x10000;
  const outlier = r() < 1 / 30 ? (72 + 144 * r()) * HOUR_MS : 0;
  const dwell = change < 0 ? 0 : dwellHours(stops[change]!.stationCode, month, u) * HOUR_MS + outlier;

  const times: { arrived: Date; crossed?: Date; departed?: Date }[] = [];
  let at = train.departedAt.getTime();
  let reached = at;
  stops.forEach((stop, i) => {
    if (i > 0) {
      const leg = (stop.hoursFromOrigin - stops[i - 1]!.hoursFromOrigin) * HOUR_MS;
      // Within the crossing, the border dwell replaces the running time.
      at += i > first && i <= change ? 0 : leg * (0.98 + 0.1 * r());
    }
    if (i === first) reached = at;
    if (change >= 0 && i >= first && i <= change) {
      // Most of the wait is on the near side, for the crossing to accept the train; then the crane work.
      const atChange = (k: number) => reached + (first === change ? 0 : (0.6 * dwell * (k - first)) / (change - first));
      times.push({
        arrived: new Date(atChange(i)),
        crossed: i + 1 === change ? new Date(atChange(i + 1) - HOUR_MS) : undefined,
        departed: i === change ? new Date(reached + dwell) : undefined,
      });
      if (i === change) at = reached + dwell;
      return;
    }
    times.push({ arrived: new Date(at) });
    if (stop.kind === 'junction') at += junctionHours(month, r) * HOUR_MS;
  });
  const atChange = change >= 0 ? times[change]!.arrived.getTime() : 0;
  const transshippedAt = new Date(change >= 0 ? (atChange + reached + dwell) / 2 : 0);
  return { times, transshippedAt, change };
}

/** Adds a consist and its wagons and containers; gives which wagon each container rides on. */
function addConsist(
  rows: DemoRows,
  id: string,
  train: DemoTrain,
  station: string,
  gauge: 1435 | 1520,
  consist: { number: string; from: string; to: Date | null; wagons: DemoWagon[] },
): { id: string; gauge: number; wagonOf: Map<string, string> } {
  const { consists: k, wagons: w, containers: c } = rows;
  k.id.push(id);
  k.train.push(train.id);
  k.station.push(station);
  k.gauge.push(gauge);
  k.number.push(consist.number);
  k.from.push(consist.from);
  k.to.push(consist.to);
  const wagonOf = new Map<string, string>();
  for (const wagon of consist.wagons) {
    w.consist.push(id);
    w.position.push(wagon.position);
    w.number.push(wagon.number);
    w.gauge.push(gauge);
    w.kind.push(wagon.kind);
    w.capacity.push(wagon.capacityTeu);
    for (const container of wagon.containers) {
      c.consist.push(id);
      c.number.push(container.number);
      c.sizeType.push(container.sizeType);
      c.position.push(wagon.position);
      wagonOf.set(container.number, wagon.number);
    }
  }
  return { id, gauge, wagonOf };
}
