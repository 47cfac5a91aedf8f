/**
 * The shape every benchmark scenario (bench/scenarios/*.ts) shares: what it is given (`BenchContext`),
 * what it hands back (`Result`: rows of the table), and the helpers that turn timings into a row.
 */
import type { Measure, Measured } from './measure.js';
import type { ServiceUnderTest } from './service-under-test.js';

/** One line of the main table and of latest.json's `rows` (or `scaled.rows`). */
export interface Row {
  scenario: string;
  throughput: string;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
}

/** One line of the ratio table: Landbridge's figures against the baseline server's. */
export interface Ratio {
  scenario: string;
  throughput: string;
  p99: string;
}

/** Landbridge's figures for a scenario as a ratio to the baseline's, measured alternately (measure.ts). */
export function ratioToBaseline(scenario: string, landbridge: Measured, baseline: Measured): Ratio {
  return {
    scenario,
    throughput: `${Math.round((100 * landbridge.rps) / baseline.rps)} % of baseline`,
    p99: `${(landbridge.p99Ms / baseline.p99Ms).toFixed(2)} × baseline`,
  };
}

/** What a scenario measured: its rows, and ratios where it also measured the baseline. */
export interface Result {
  rows: Row[];
  ratios?: Ratio[];
}

/** A JSON request to the service under test; rejects on any answer but 2xx, so a scenario stops loudly. */
export type Api = <T>(path: string, init?: { method?: string; body?: unknown; token?: string }) => Promise<T>;

/** A train of the fan-out scenario and the consignments on it. */
export interface FanOutTrain {
  id: string;
  consignments: string[];
}

/**
 * Data one step of the run sets up and later ones read. Empty until the step that fills it has run;
 * run.ts orders the steps so that a scenario finds what it needs.
 */
interface Fixtures {
  /** The lookup's consignments (20 of 30 vehicles), booked on every run: see run.ts. */
  lookupTargets: string[];
  /** The fan-out scenario's trains, after their trip's events: the timeline reads their consignments. */
  fanOutTrains: FanOutTrain[];
  /** Vehicles in the demo dataset once loaded: the scale fill's multiplier is taken from it. */
  demoVehicles: number;
}

export interface BenchContext {
  service: ServiceUnderTest;
  api: Api;
  /** An admin's access token: every scenario acts as the admin. */
  token: string;
  /** The exporter every consignment of the scenarios is booked for. */
  exporterId: string;
  /** A measurement under load on a settled database (measure.ts). */
  measure: Measure;
  /** VACUUM (ANALYZE) and CHECKPOINT (measure.ts): before a timed step, so it meets no leftover upkeep. */
  settle: () => Promise<void>;
  fixtures: Fixtures;
}

/** A scenario of the benchmark, one per file in bench/scenarios/. */
export interface Scenario {
  /** The name `--only` selects it by. */
  readonly name: string;
  /** Measures on the database as the steps before left it. */
  run(context: BenchContext): Promise<Result>;
  /**
   * Measures again after `--scale N` filled the database; a scenario without it is measured at the
   * small size only.
   */
  runScaled?(context: BenchContext): Promise<Result>;
}

/** The value at percentile `p` of ascending `sorted` (nearest rank). */
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** A row from a measurement under load (`BenchContext.measure`). */
export const row = (scenario: string, m: Measured): Row => ({
  scenario,
  throughput: `${Math.round(m.rps)} req/s`,
  p50Ms: m.p50Ms,
  p99Ms: m.p99Ms,
  requests: m.requests,
  errors: m.errors,
});

/**
 * A row from latencies in milliseconds the scenario timed itself (sorted in place); by default one
 * request per latency and no errors.
 */
export function latencyRow(
  scenario: string,
  throughput: string,
  latencies: number[],
  { requests = latencies.length, errors = 0 }: { requests?: number; errors?: number } = {},
): Row {
  latencies.sort((a, b) => a - b);
  return {
    scenario,
    throughput,
    p50Ms: Math.round(percentile(latencies, 50)),
    p99Ms: Math.round(percentile(latencies, 99)),
    requests,
    errors,
  };
}
