/**
 * Consignment lookup: GET /consignments/:id (30 vehicles each) under 50 connections, measured
 * alternately against Landbridge and the baseline server (bench/baseline-server.ts: Fastify and pg, the
 * same SQL and JSON, nothing else) and reported also as a ratio, which holds on a noisy machine.
 */
import { aConsignment } from '../../test/support/factories.js';
import type { Measured } from '../measure.js';
import { type BenchContext, type Result, row, type Scenario } from '../scenario.js';
import { startBaseline } from '../service-under-test.js';

const LOOKUP = 'GET /consignments/:id (30 vehicles), 50 connections';

/** The lookup's targets: 20 consignments of 30 vehicles for the bench's exporter. */
export async function bookLookupTargets({ api, token, exporterId }: BenchContext): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const consignment = await api<{ id: string }>('/api/v1/consignments', {
      method: 'POST',
      token,
      body: { ...aConsignment(30), exporterId },
    });
    ids.push(consignment.id);
  }
  return ids;
}

const lookups = (context: BenchContext) =>
  context.fixtures.lookupTargets.map((id) => ({ method: 'GET' as const, path: `/api/v1/consignments/${id}` }));

/**
 * Landbridge and the baseline take turns, one round each, twice, so that both meet the same state of
 * the machine; of each, the round with the lower p99 is kept (as `measure` does within one call).
 */
async function run(context: BenchContext): Promise<Result> {
  const { service, token, measure } = context;
  const baseline = await startBaseline(service);
  try {
    const requests = lookups(context);
    const ours: Measured[] = [];
    const theirs: Measured[] = [];
    for (let round = 0; round < 2; round++) {
      ours.push(await measure(service.baseUrl, requests, token, 1));
      theirs.push(await measure(baseline.baseUrl, requests, undefined, 1));
    }
    const best = (runs: Measured[]) => runs.reduce((a, b) => (b.p99Ms < a.p99Ms ? b : a));
    const [landbridge, bare] = [best(ours), best(theirs)];
    return {
      rows: [row(LOOKUP, landbridge), row('  baseline: Fastify + pg, same SQL and JSON', bare)],
      ratios: [
        {
          scenario: 'GET /consignments/:id',
          throughput: `${Math.round((100 * landbridge.rps) / bare.rps)} % of baseline`,
          p99: `${(landbridge.p99Ms / bare.p99Ms).toFixed(2)} × baseline`,
        },
      ],
    };
  } finally {
    await baseline.stop();
  }
}

/** At scale, the same consignments against Landbridge alone: the scale table compares it with itself. */
async function runScaled(context: BenchContext): Promise<Result> {
  return { rows: [row(LOOKUP, await context.measure(context.service.baseUrl, lookups(context), context.token))] };
}

export const lookup: Scenario = { name: 'lookup', run, runScaled };
