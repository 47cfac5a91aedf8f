/**
 * Audit log: GET /audit-log?entityId= (an object's history, 10 entries spread over twelve monthly
 * partitions) under 50 connections, on an audit log filled to 1,000,000 entries (BENCH_AUDIT_ENTRIES),
 * measured alternately against Landbridge and the baseline server (the same SQL and JSON over Fastify and
 * pg), as the lookup is; then one request at a time.
 */
import type { Measured } from '../measure.js';
import { type BenchContext, latencyRow, type Result, row, type Scenario } from '../scenario.js';
import { startBaseline } from '../service-under-test.js';
import { auditEntityId, fillAuditLog } from './scale-fill.js';

const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);

const SEQUENTIAL = 1000;

async function run({ service, api, token, measure }: BenchContext): Promise<Result> {
  await fillAuditLog(service.databaseUrl, ENTRIES);
  const requests = Array.from({ length: 50 }, (_, i) => ({
    method: 'GET' as const,
    path: `/api/v1/audit-log?entityId=${auditEntityId(i * 1999)}`,
  }));
  const baseline = await startBaseline(service);
  const ours: Measured[] = [];
  const theirs: Measured[] = [];
  try {
    for (let round = 0; round < 2; round++) {
      ours.push(await measure(service.baseUrl, requests, token, 1));
      theirs.push(await measure(baseline.baseUrl, requests, undefined, 1));
    }
  } finally {
    await baseline.stop();
  }
  const best = (runs: Measured[]) => runs.reduce((a, b) => (b.p99Ms < a.p99Ms ? b : a));
  const [underLoad, bare] = [best(ours), best(theirs)];
  // One request at a time as well: the service's own latency, apart from queueing on a busy machine.
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t0 = performance.now();
    await api(requests[i % requests.length]!.path, { token });
    latencies.push(performance.now() - t0);
  }
  const rps = SEQUENTIAL / ((performance.now() - started) / 1000);
  const entries = `10 of ${ENTRIES.toLocaleString('en')} entries`;
  return {
    rows: [
      row(`GET /audit-log?entityId= (${entries}), 50 connections`, underLoad),
      row('  baseline: Fastify + pg, same SQL and JSON', bare),
      latencyRow(`GET /audit-log?entityId= (${entries}), one at a time`, `${Math.round(rps)} req/s`, latencies),
    ],
    ratios: [
      {
        scenario: 'GET /audit-log?entityId=',
        throughput: `${Math.round((100 * underLoad.rps) / bare.rps)} % of baseline`,
        p99: `${(underLoad.p99Ms / bare.p99Ms).toFixed(2)} × baseline`,
      },
    ],
  };
}

export const auditLog: Scenario = { name: 'audit', run, runScaled: run };
