/**
 * `npm run bench`: starts the built service on a fresh database (and the baseline server for the
 * lookup), runs the scenarios of bench/scenarios/ in order and prints a table (throughput, p50, p99) and
 * the lookup's ratio to the baseline; the figures are also written to bench/results/latest.json.
 *
 * Options
 * - `--only loading,lookup,events,timeline,list,updates,report,analytics,equipment,manifests,audit,track`: run only these scenarios, for working on
 *   one of them. A scenario's prerequisites are set up whether asked for or not (see `measureSmall`).
 * - `--scale N`: then fill the database to N vehicles (scenarios/scale-fill.ts) and run loading, lookup,
 *   timeline, list and report again; a second table shows how each figure moved.
 * - BENCH_POOL_SIZE, BENCH_LOG_LEVEL, BENCH_API_NODE_OPTIONS, BENCH_BASELINE_NODE_OPTIONS: see
 *   service-under-test.ts.
 *
 * Each figure under load comes from `measureUnderLoad` (measure.ts): a settled database, autocannon in a
 * process of its own, the better of two 8-second rounds.
 */
import { writeFile } from 'node:fs/promises';
import type { BenchContext, Ratio, Row, Scenario } from './scenario.js';
import { analytics } from './scenarios/analytics.js';
import { auditLog } from './scenarios/audit-log.js';
import { equipment } from './scenarios/equipment.js';
import { listPage } from './scenarios/list-page.js';
import { manifests } from './scenarios/manifests.js';
import { loading } from './scenarios/loading.js';
import { bookLookupTargets, lookup } from './scenarios/lookup.js';
import { loadDemoDataset, report } from './scenarios/report.js';
import { fillTo } from './scenarios/scale-fill.js';
import { statusUpdates } from './scenarios/status-updates.js';
import { timeline } from './scenarios/timeline.js';
import { trackPage } from './scenarios/track-page.js';
import { trainEvents } from './scenarios/train-events.js';
import { openContext } from './context.js';
import { startService } from './service-under-test.js';

/**
 * The order the scenarios run in at scale: the same requests as on the small database first, loading
 * last, since its new consignments would top the list page.
 */
const SCALED: readonly Scenario[] = [lookup, timeline, listPage, report, loading];

interface Results {
  rows: Row[];
  ratios: Ratio[];
  /** The figures after the scale fill, and the database's size then. */
  scaled: { database: string; rows: Row[] };
}

const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
/** `--scale 1000000`: also fill the database to that many vehicles and measure again; 0 for no. */
const scaleTo = Number(argument('--scale') ?? 0);
const only = new Set(argument('--only')?.split(',') ?? []);
const selected = (scenario: Scenario) => only.size === 0 || only.has(scenario.name);

/**
 * The selected scenarios on the database as it grows from empty, with their prerequisites: the
 * lookup's targets are booked on every run, so that what the list page shows does not depend on
 * whether the lookup was selected; the timeline reads the trains the fan-out scenario moved along the
 * route (run for it, unreported, when not selected); the report, the analytics and the scale fill need the
 * demo dataset.
 */
async function measureSmall(context: BenchContext, results: Results): Promise<void> {
  const take = ({ rows, ratios = [] }: { rows: Row[]; ratios?: Ratio[] }) => {
    results.rows.push(...rows);
    results.ratios.push(...ratios);
  };
  if (selected(loading)) take(await loading.run(context));
  context.fixtures.lookupTargets = await bookLookupTargets(context);
  if (selected(lookup)) take(await lookup.run(context));
  if (selected(trainEvents) || selected(timeline)) {
    const fannedOut = await trainEvents.run(context);
    if (selected(trainEvents)) take(fannedOut);
  }
  if (selected(timeline)) take(await timeline.run(context));
  if (selected(listPage)) take(await listPage.run(context));
  if (selected(statusUpdates)) take(await statusUpdates.run(context));
  if (selected(equipment)) take(await equipment.run(context));
  if (selected(manifests)) take(await manifests.run(context));
  if (selected(auditLog)) take(await auditLog.run(context));
  if (selected(trackPage)) take(await trackPage.run(context));
  if (selected(report) || selected(analytics) || scaleTo) {
    context.fixtures.demoVehicles = await loadDemoDataset(context);
  }
  if (selected(report)) take(await report.run(context));
  if (selected(analytics)) take(await analytics.run(context));
}

/** `--scale`: the fill, then the selected scenarios of `SCALED` again. */
async function measureScaled(context: BenchContext, results: Results): Promise<void> {
  results.scaled.database = await fillTo(context, scaleTo);
  for (const scenario of SCALED) {
    if (selected(scenario) && scenario.runScaled) results.scaled.rows.push(...(await scenario.runScaled(context)).rows);
  }
}

function printTables(database: string, results: Results): void {
  process.stdout.write(`\nLandbridge benchmark on ${database}\n`);
  console.table(results.rows);
  console.table(results.ratios);
  if (!results.scaled.rows.length) return;
  process.stdout.write(`\nThe same scenarios at ${results.scaled.database} (small: the database above)\n`);
  console.table(
    results.scaled.rows.map((large) => {
      const small = results.rows.find((r) => r.scenario === large.scenario)!;
      return {
        scenario: large.scenario,
        'small p99 ms': small.p99Ms,
        'large p99 ms': large.p99Ms,
        'p99 ×': (large.p99Ms / small.p99Ms).toFixed(2),
        'small throughput': small.throughput,
        'large throughput': large.throughput,
      };
    }),
  );
}

async function main(): Promise<void> {
  const service = await startService();
  const results: Results = { rows: [], ratios: [], scaled: { database: '', rows: [] } };
  try {
    const context = await openContext(service);
    await measureSmall(context, results);
    if (scaleTo) await measureScaled(context, results);
  } finally {
    await service.stop();
  }
  printTables(service.database, results);
  await writeFile(
    'bench/results/latest.json',
    JSON.stringify(
      {
        at: new Date().toISOString(),
        database: service.database,
        node: process.version,
        rows: results.rows,
        ratios: results.ratios,
        scaled: results.scaled,
      },
      null,
      2,
    ),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exitCode = 1;
});
