/**
 * Report: GET /reports/exports for 2022-01..2024-03 by month under 50 connections, on the demo dataset,
 * which `loadDemoDataset` loads first (as npm run demo does): the report aggregates over all of it.
 */
import pg from 'pg';
import { loadDemo } from '../../apps/demo/src/demo-loader.js';
import { type BenchContext, type Result, row, type Scenario } from '../scenario.js';

const REPORT = [
  { method: 'GET' as const, path: '/api/v1/reports/exports?from=2022-01-01&to=2024-03-31&groupBy=month' },
];

/** Loads the demo dataset into the service's database and prints how long it took; gives its vehicle count. */
export async function loadDemoDataset({ service }: BenchContext): Promise<number> {
  const client = new pg.Client({ connectionString: service.databaseUrl });
  await client.connect();
  const started = performance.now();
  const { vehicles } = await loadDemo(client, 1).finally(() => client.end());
  process.stdout.write(
    `demo dataset: ${vehicles} vehicles in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return vehicles;
}

async function run({ service, token, measure }: BenchContext): Promise<Result> {
  return {
    rows: [
      row(
        'GET /reports/exports 2022-01..2024-03 by month (demo data), 50 connections',
        await measure(service.baseUrl, REPORT, token),
      ),
    ],
  };
}

export const report: Scenario = { name: 'report', run, runScaled: run };
