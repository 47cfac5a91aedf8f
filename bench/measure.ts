/**
 * How a figure under load is taken: on a settled database, by autocannon in a process of its own
 * (load-generator.ts), 50 connections, the better of a few 8-second rounds.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type autocannon from 'autocannon';
import pg from 'pg';

/** What one autocannon run reports (load-generator.ts writes it as JSON). */
export interface Measured {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
}

/** Measures `requests` (spread over the connections) against `url`, as `token`'s holder if given. */
export type Measure = (
  url: string,
  requests: autocannon.Request[],
  token?: string,
  rounds?: number,
) => Promise<Measured>;

const execFileAsync = promisify(execFile);
const LOAD_GENERATOR = fileURLToPath(new URL('./load-generator.js', import.meta.url));

/**
 * VACUUM (ANALYZE) and CHECKPOINT on the service's database: a scenario may leave work for autovacuum
 * and the checkpointer (the train events rewrite thousands of rows), which would otherwise run during
 * the next measurement and land in its p99.
 */
export async function settleDatabase(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE)');
    await client.query('CHECKPOINT').catch(() => undefined); // only where the role may
  } finally {
    await client.end();
  }
}

/**
 * The measurement every scenario under load uses: `settle`, a 2-second warm-up, then `rounds` rounds of
 * 8 seconds at 50 connections, keeping the round with the lower p99. Stalls from outside the service
 * (on a VM whose kernel pages out idle page cache, which PostgreSQL then reads back from disk) hit one
 * round now and then at unchanged throughput; the better round shows the service itself.
 */
export function measureUnderLoad(settle: () => Promise<void>): Measure {
  return async (url, requests, token, rounds = 2) => {
    await settle();
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    const load = async (duration: number) => {
      const options: autocannon.Options = { url, connections: 50, duration, headers, requests };
      const { stdout } = await execFileAsync(process.execPath, [LOAD_GENERATOR, JSON.stringify(options)]);
      return JSON.parse(stdout) as Measured;
    };
    await load(2);
    let best: Measured | undefined;
    for (let round = 0; round < rounds; round++) {
      const measured = await load(8);
      if (!best || measured.p99Ms < best.p99Ms) best = measured;
    }
    return best!;
  };
}

/**
 * Landbridge and the baseline server take turns, one round each, `rounds` times, so that both meet the same
 * state of the machine; of each, the round with the lower p99 is kept (as `measure` does within one call).
 * The baseline is asked the same requests without credentials (it has no auth).
 */
export async function alternately(
  measure: Measure,
  landbridgeUrl: string,
  baselineUrl: string,
  requests: autocannon.Request[],
  token?: string,
  rounds = 2,
): Promise<{ landbridge: Measured; baseline: Measured }> {
  const ours: Measured[] = [];
  const theirs: Measured[] = [];
  for (let round = 0; round < rounds; round++) {
    ours.push(await measure(landbridgeUrl, requests, token, 1));
    theirs.push(await measure(baselineUrl, requests, undefined, 1));
  }
  const best = (runs: Measured[]) => runs.reduce((a, b) => (b.p99Ms < a.p99Ms ? b : a));
  return { landbridge: best(ours), baseline: best(theirs) };
}
