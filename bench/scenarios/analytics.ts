/**
 * Analytics and the learned ETA, on the demo dataset (loaded before, as for the report): GET
 * /analytics/transit-times and /analytics/border-dwell over the whole history by month under 50
 * connections; then, once the worker has learned the routes' ETA profiles from it, the train-event
 * fan-out again (10 new trains of 1,500 vehicles on the central route), every event now reading a profile
 * and predicting from history: the per-event cost of the learned ETA, against the `events` row.
 */
import pg from 'pg';
import { type BenchContext, type FanOutTrain, type Result, row, type Scenario } from '../scenario.js';
import { aLoadedTrain, alongTheRoute, eventsRow, FAN_OUT_TRAINS } from './train-events.js';

const WHOLE_HISTORY = 'from=2022-01-01&to=2024-03-31&groupBy=month';
const PROFILES_WAIT_MS = 180_000;

/** Waits until the worker (in the api, RUN_WORKER) has learned every demo route's profiles. */
async function profilesLearned(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    for (;;) {
      const { rows } = await client.query<{ routes: number }>(
        'SELECT count(DISTINCT route_code)::int AS routes FROM eta_profiles',
      );
      if (rows[0]!.routes >= 3) return (performance.now() - started) / 1000;
      if (performance.now() - started > PROFILES_WAIT_MS) throw new Error('the ETA profiles were not learned in time');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await client.end();
  }
}

async function run(context: BenchContext): Promise<Result> {
  const { service, token, measure } = context;
  // The one relearning after the load first, so that the measurements meet the service as it runs after.
  const waited = await profilesLearned(service.databaseUrl);
  process.stdout.write(`ETA profiles learned from the demo history ${waited.toFixed(0)} s after it was loaded\n`);
  const transit = await measure(
    service.baseUrl,
    [{ method: 'GET', path: `/api/v1/analytics/transit-times?${WHOLE_HISTORY}` }],
    token,
  );
  const dwell = await measure(
    service.baseUrl,
    [{ method: 'GET', path: `/api/v1/analytics/border-dwell?${WHOLE_HISTORY}` }],
    token,
  );
  const trains: FanOutTrain[] = [];
  for (let t = 0; t < FAN_OUT_TRAINS; t++) trains.push(await aLoadedTrain(context));
  return {
    rows: [
      row('GET /analytics/transit-times 2022-01..2024-03 by month (demo data), 50 connections', transit),
      row('GET /analytics/border-dwell 2022-01..2024-03 by month (demo data), 50 connections', dwell),
      eventsRow(
        'train event → 50 consignments / 1,500 vehicles, learned ETA (demo data)',
        await alongTheRoute(context, trains),
      ),
    ],
  };
}

export const analytics: Scenario = { name: 'analytics', run };
