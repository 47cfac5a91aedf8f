/**
 * Train event fan-out: 10 trains of 50 consignments / 1,500 vehicles each move along the route, 10
 * events per train, posted one at a time. Each event is one transaction that re-derives the train and
 * all 50 of its consignments; the row gives the latency of each such POST.
 */
import { aConsignment, aContainerNumber, aTrain } from '../../test/support/factories.js';
import { type BenchContext, type FanOutTrain, latencyRow, type Result, type Scenario } from '../scenario.js';

const TRAINS = 10;
const CONSIGNMENTS_PER_TRAIN = 50;

/** The trip every train makes: event type, station, hours after departure. */
const TRIP = [
  ['DEPARTED', 'CNZGZ', 0],
  ['ARRIVED_AT_STATION', 'CNERC', 41],
  ['BORDER_CROSSED', 'CNERC', 44],
  ['ARRIVED_AT_STATION', 'MNZUU', 53],
  ['GAUGE_CHANGED', 'MNZUU', 58],
  ['DELAYED', 'MNZUU', 60],
  ['DEPARTED_STATION', 'MNZUU', 72],
  ['ARRIVED_AT_STATION', 'MNULN', 92],
  ['ARRIVED_AT_STATION', 'RUNKI', 120],
  ['ARRIVED_AT_STATION', 'RUOVB', 196],
] as const;

const DEPARTURE = Date.parse('2024-03-20T01:30:00Z');

/** `count` results of `task`, at most `width` at a time, in order. */
async function inParallel<T>(count: number, width: number, task: () => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task();
      }
    }),
  );
  return results;
}

/** A train with 50 consignments of 30 vehicles loaded onto it in 500-VIN requests. */
export async function aLoadedTrain(context: BenchContext): Promise<FanOutTrain> {
  const { api, token, exporterId } = context;
  const train = await api<{ id: string }>('/api/v1/trains', { method: 'POST', token, body: aTrain() });
  const booked = await inParallel(CONSIGNMENTS_PER_TRAIN, 8, () =>
    api<{ id: string; vehicles: { vin: string }[] }>('/api/v1/consignments', {
      method: 'POST',
      token,
      body: { ...aConsignment(30), exporterId },
    }),
  );
  await loadOnto(context, train.id, booked);
  return { id: train.id, consignments: booked.map((c) => c.id) };
}

/** Loads the vehicles of these consignments onto the train, 500 VINs (one container) a request. */
export async function loadOnto(
  { api, token }: BenchContext,
  trainId: string,
  consignments: readonly { vehicles: { vin: string }[] }[],
): Promise<void> {
  const vins = consignments.flatMap((c) => c.vehicles.map((v) => v.vin));
  for (let i = 0; i < vins.length; i += 500) {
    await api(`/api/v1/trains/${trainId}/loadings`, {
      method: 'POST',
      token,
      body: { unit: { kind: 'container', number: aContainerNumber() }, vins: vins.slice(i, i + 500) },
    });
  }
}

/**
 * Each step of the trip is posted for every train before the next step, so consecutive events touch
 * different trains. Leaves the trains in `fixtures.fanOutTrains` for the timeline.
 */
async function run(context: BenchContext): Promise<Result> {
  const { fixtures } = context;
  for (let t = 0; t < TRAINS; t++) fixtures.fanOutTrains.push(await aLoadedTrain(context));
  return {
    rows: [
      eventsRow('train event → 50 consignments / 1,500 vehicles', await alongTheRoute(context, fixtures.fanOutTrains)),
    ],
  };
}

/** The row of the events' latencies, with their rate one at a time. */
export function eventsRow(scenario: string, latencies: number[]) {
  const meanMs = latencies.reduce((a, b) => a + b, 0) / latencies.length;
  return latencyRow(scenario, `${Math.round(1000 / meanMs)} events/s`, latencies);
}

/** Posts the trip's events, each step for every train before the next step; gives each POST's latency. */
export async function alongTheRoute({ api, token }: BenchContext, trains: readonly FanOutTrain[]): Promise<number[]> {
  const latencies: number[] = [];
  for (const [type, stationCode, hours] of TRIP) {
    for (const train of trains) {
      const t0 = performance.now();
      await api(`/api/v1/trains/${train.id}/events`, {
        method: 'POST',
        token,
        body: {
          type,
          stationCode,
          occurredAt: new Date(DEPARTURE + hours * 3_600_000).toISOString(),
          ...(type === 'DELAYED' ? { delayHours: 6 } : {}),
        },
      });
      latencies.push(performance.now() - t0);
    }
  }
  return latencies;
}

export const trainEvents: Scenario = { name: 'events', run };

/** How many trains the fan-out moves. */
export const FAN_OUT_TRAINS = TRAINS;
