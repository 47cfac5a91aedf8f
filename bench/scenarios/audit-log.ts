/**
 * Audit log: GET /audit-log?entityId= (an object's history, 10 entries spread over twelve monthly
 * partitions) under 50 connections, on an audit log filled to 1,000,000 entries (BENCH_AUDIT_ENTRIES),
 * measured alternately against Landbridge and the baseline server (the same SQL and JSON over Fastify and
 * pg), as the lookup is; then one request at a time.
 */
import { alternately, type Measured } from '../measure.js';
import { type BenchContext, latencyRow, ratioToBaseline, type Result, row, type Scenario } from '../scenario.js';
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
  let measured: { landbridge: Measured; baseline: Measured };
  try {
    measured = await alternately(measure, service.baseUrl, baseline.baseUrl, requests, token);
  } finally {
    await baseline.stop();
  }
  const { landbridge: underLoad, baseline: bare } = measured;
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
    ratios: [ratioToBaseline('GET /audit-log?entityId=', underLoad, bare)],
  };
}

export const auditLog: Scenario = { name: 'audit', run, runScaled: run };
