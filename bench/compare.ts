/**
 * `npm run bench:compare -- --before <checkout> [--rounds 3] [--only loading,events] [--no-history]`: the same
 * scenarios against an earlier build and this one, in alternation (before, after, before, after, …),
 * each round on a fresh database, so that both builds see the same machine at nearly the same time.
 * Prints every round and, per scenario, the median over rounds of p99 and throughput with the ratio
 * after/before; the figures go to bench/results/compare.json.
 *
 * `<checkout>` is a built checkout of the earlier commit (`git worktree add <dir> <commit>`, its own
 * `npm ci` or node_modules, `npm run build`); the scenarios are this checkout's, so both builds answer
 * the same requests. Only scenarios that need nothing the earlier build lacks make sense here: the
 * loading and the train events (the write paths every later feature must not slow down).
 *
 * Each build first gets the demo history (by its own demo loader, since the schemas differ), so that a
 * build with learned ETAs moves the fan-out trains (ZGZ-MOW-ERC, March) with learned profiles, not the
 * plan: the round waits until the service has learned them (eta_profiles, refreshed at start and each
 * minute by the api's in-process worker) before it measures. `--no-history` leaves the databases empty.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { openContext } from './context.js';
import type { Row, Scenario } from './scenario.js';
import { loading } from './scenarios/loading.js';
import { trainEvents } from './scenarios/train-events.js';
import { startService } from './service-under-test.js';

const COMPARABLE: readonly Scenario[] = [loading, trainEvents];

const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};

interface Round {
  round: number;
  build: 'before' | 'after';
  rows: Row[];
}

/** The leading number of a throughput cell ("1,234 vehicles/s" → 1234). */
const rate = (throughput: string): number => Number(throughput.replace(/,/g, '').split(' ')[0]);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

type LoadDemo = (client: pg.ClientBase, scale: number) => Promise<{ vehicles: number }>;

/** Loads the demo history with `root`'s own loader; waits for learned profiles where the build has them. */
async function withHistory(root: string, databaseUrl: string): Promise<string> {
  const loader = pathToFileURL(resolve(root, 'dist/apps/demo/src/demo-loader.js')).href;
  const { loadDemo } = (await import(loader)) as { loadDemo: LoadDemo };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await loadDemo(client, 1);
    const { rows } = await client.query<{ learns: boolean }>(
      `SELECT to_regclass('eta_profiles') IS NOT NULL AS learns`,
    );
    if (!rows[0]!.learns) return 'plan only (no learned ETA in this build)';
    for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
      const learned = await client.query(`SELECT 1 FROM eta_profiles WHERE route_code = 'ZGZ-MOW-ERC' AND month = 3`);
      if (learned.rowCount) return 'learned profiles for ZGZ-MOW-ERC';
      await new Promise((done) => setTimeout(done, 2000));
    }
    throw new Error('the service did not learn the demo history within 120 s');
  } finally {
    await client.end();
  }
}

async function measureBuild(root: string, scenarios: readonly Scenario[]): Promise<Row[]> {
  const service = await startService(root);
  try {
    const context = await openContext(service);
    if (!process.argv.includes('--no-history')) {
      process.stdout.write(`${root}: demo history loaded, ${await withHistory(root, service.databaseUrl)}\n`);
    }
    const rows: Row[] = [];
    for (const scenario of scenarios) rows.push(...(await scenario.run(context)).rows);
    return rows;
  } finally {
    await service.stop();
  }
}

function summarize(rounds: Round[]) {
  const scenarios = [...new Set(rounds.flatMap((r) => r.rows.map((row) => row.scenario)))];
  return scenarios.map((scenario) => {
    const of = (build: Round['build']) =>
      rounds.filter((r) => r.build === build).map((r) => r.rows.find((row) => row.scenario === scenario)!);
    const before = of('before');
    const after = of('after');
    const p99Before = median(before.map((r) => r.p99Ms));
    const p99After = median(after.map((r) => r.p99Ms));
    const rateBefore = median(before.map((r) => rate(r.throughput)));
    const rateAfter = median(after.map((r) => rate(r.throughput)));
    return {
      scenario,
      'p99 before ms': p99Before,
      'p99 after ms': p99After,
      'p99 after/before': Number((p99After / p99Before).toFixed(3)),
      'throughput before': rateBefore,
      'throughput after': rateAfter,
      'throughput after/before': Number((rateAfter / rateBefore).toFixed(3)),
    };
  });
}

async function main(): Promise<void> {
  const before = argument('--before');
  if (!before) throw new Error('--before <checkout of the earlier build> is required');
  const rounds = Number(argument('--rounds') ?? 3);
  const only = new Set(argument('--only')?.split(',') ?? []);
  const scenarios = COMPARABLE.filter((s) => only.size === 0 || only.has(s.name));
  const results: Round[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const [build, root] of [
      ['before', resolve(before)],
      ['after', '.'],
    ] as const) {
      const rows = await measureBuild(root, scenarios);
      results.push({ round, build, rows });
      process.stdout.write(`round ${round} ${build}\n`);
      console.table(rows);
    }
  }
  const summary = summarize(results);
  process.stdout.write(`\nMedian of ${rounds} rounds, before = ${resolve(before)}\n`);
  console.table(summary);
  await writeFile(
    'bench/results/compare.json',
    JSON.stringify({ at: new Date().toISOString(), before: resolve(before), rounds: results, summary }, null, 2),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exitCode = 1;
});
