import pg from 'pg';
import { loadDemo } from '../../apps/demo/src/demo-loader.js';
import type { Actor } from './actors.js';
import type { Consignment, Train, TrainInput, VehicleInput } from './api-types.js';
import { aConsignment, aContainer, aDeparture, aTrain, PLANNED_DEPARTURE } from './factories.js';
import type { TestApp } from './test-app.js';

/** The most VINs one loading request takes. */
const VINS_PER_LOADING = 500;
/** Bookings sent at once while building a train. */
const BOOKINGS_AT_ONCE = 10;

/** A consignment of the exporter: `vehicles` new vehicles, or these. */
export async function bookedConsignment(
  api: TestApp,
  exporter: Actor,
  vehicles: number | VehicleInput[] = 1,
): Promise<Consignment> {
  const input = typeof vehicles === 'number' ? aConsignment(vehicles) : aConsignment(0, { vehicles });
  return await api.as(exporter).bookConsignment(input);
}

export interface LoadedTrainOptions {
  /** How many consignments of the exporter (1 unless given). */
  consignments?: number;
  /** Vehicles in each consignment (1 unless given). */
  vehiclesEach?: number;
  /** The vehicles of a single consignment, instead of `consignments` × `vehiclesEach` new ones. */
  vehicles?: VehicleInput[];
  /** Fields of the train other than aTrain()'s. */
  train?: Partial<TrainInput>;
}

export interface LoadedTrain {
  /** As created (planned): read it again for its state now. */
  train: Train;
  /** As booked (status booked, no unit): read them again for their state now. */
  consignments: Consignment[];
  /** The first (or only) of them. */
  consignment: Consignment;
  vins: string[];
}

/**
 * A new train of the operator with consignments of the exporter loaded on it, all its VINs in as few
 * loadings as the API takes (a container each): each consignment's status changes once (booked →
 * loaded), and the train is `loading`.
 */
export async function loadedTrain(
  api: TestApp,
  operator: Actor,
  exporter: Actor,
  options: LoadedTrainOptions = {},
): Promise<LoadedTrain> {
  const { consignments: count = 1, vehiclesEach = 1, vehicles } = options;
  const staff = api.as(operator);
  const train = await staff.createTrain(aTrain(options.train));
  const consignments: Consignment[] = [];
  if (vehicles) consignments.push(await bookedConsignment(api, exporter, vehicles));
  while (!vehicles && consignments.length < count) {
    const batch = Math.min(BOOKINGS_AT_ONCE, count - consignments.length);
    consignments.push(
      ...(await Promise.all(Array.from({ length: batch }, () => bookedConsignment(api, exporter, vehiclesEach)))),
    );
  }
  const vins = consignments.flatMap((consignment) => consignment.vehicles.map((vehicle) => vehicle.vin));
  for (let i = 0; i < vins.length; i += VINS_PER_LOADING) {
    await staff.load(train.id, { unit: aContainer(), vins: vins.slice(i, i + VINS_PER_LOADING) });
  }
  return { train, consignments, consignment: consignments[0]!, vins };
}

/**
 * A loaded train (see loadedTrain) that departed from Zhengzhou at `departedAt`, as planned: its
 * consignments are in transit.
 */
export async function departedTrain(
  api: TestApp,
  operator: Actor,
  exporter: Actor,
  options: LoadedTrainOptions & { departedAt?: string } = {},
): Promise<LoadedTrain> {
  const { departedAt = PLANNED_DEPARTURE, ...loading } = options;
  const loaded = await loadedTrain(api, operator, exporter, {
    ...loading,
    train: { plannedDepartureAt: departedAt, ...loading.train },
  });
  await api.as(operator).recordTrainEvent(loaded.train.id, aDeparture(departedAt));
  return loaded;
}

/**
 * A departed train (see departedTrain) held up at the origin: a 6-hour delay declared there an hour after
 * the departure, so that its consignments' ETA moves 7 h later (one consignment.eta_changed each), then
 * a damage report on the first consignment an hour after that (one consignment.damage_reported).
 */
export async function delayedAndDamagedTrain(
  api: TestApp,
  operator: Actor,
  exporter: Actor,
  options: LoadedTrainOptions = {},
): Promise<LoadedTrain> {
  const departed = await departedTrain(api, operator, exporter, options);
  const hoursOn = (hours: number) => new Date(Date.parse(PLANNED_DEPARTURE) + hours * 3_600_000).toISOString();
  const staff = api.as(operator);
  await staff.recordTrainEvent(departed.train.id, {
    type: 'DELAYED',
    stationCode: 'CNZGZ',
    occurredAt: hoursOn(1),
    delayHours: 6,
  });
  await staff.recordConsignmentEvent(departed.consignment.id, {
    type: 'DAMAGE_REPORTED',
    stationCode: 'CNZGZ',
    occurredAt: hoursOn(2),
    note: 'dented door',
  });
  return departed;
}

/** The demo history (every train from 2022-01 to 2024-03, arrived) on the app's database, at `scale` of its vehicles. */
export async function loadDemoHistory(api: TestApp, scale = 0.01): Promise<void> {
  const client = new pg.Client({ connectionString: api.database.url });
  await client.connect();
  try {
    await loadDemo(client, scale);
  } finally {
    await client.end();
  }
}
