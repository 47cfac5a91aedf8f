/**
 * Consignment lookup: GET /consignments/:id (30 vehicles each) under 50 connections, measured
 * alternately against Landbridge and the baseline server (bench/baseline-server.ts: Fastify and pg, the
 * same SQL and JSON, nothing else) and reported also as a ratio, which holds on a noisy machine.
 */
import { aConsignment } from '../../test/support/factories.js';
import { alternately } from '../measure.js';
import { type BenchContext, ratioToBaseline, type Result, row, type Scenario } from '../scenario.js';
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

/** Landbridge and the baseline, alternately (measure.ts: alternately). */
async function run(context: BenchContext): Promise<Result> {
  const { service, token, measure } = context;
  const baseline = await startBaseline(service);
  try {
    const measured = await alternately(measure, service.baseUrl, baseline.baseUrl, lookups(context), token);
    return {
      rows: [row(LOOKUP, measured.landbridge), row('  baseline: Fastify + pg, same SQL and JSON', measured.baseline)],
      ratios: [ratioToBaseline('GET /consignments/:id', measured.landbridge, measured.baseline)],
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
