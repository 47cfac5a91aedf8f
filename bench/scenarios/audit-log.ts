/**
 * Audit log: GET /audit-log?entityId= (an object's history, 10 entries spread over twelve monthly
 * partitions) under 50 connections, on an audit log filled to 1,000,000 entries (BENCH_AUDIT_ENTRIES).
 */
import { type BenchContext, type Result, row, type Scenario } from '../scenario.js';
import { auditEntityId, fillAuditLog } from './scale-fill.js';

const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);

async function run({ service, token, measure }: BenchContext): Promise<Result> {
  await fillAuditLog(service.databaseUrl, ENTRIES);
  const requests = Array.from({ length: 50 }, (_, i) => ({
    method: 'GET' as const,
    path: `/api/v1/audit-log?entityId=${auditEntityId(i * 1999)}`,
  }));
  return {
    rows: [
      row(
        `GET /audit-log?entityId= (10 of ${ENTRIES.toLocaleString('en')} entries), 50 connections`,
        await measure(service.baseUrl, requests, token),
      ),
    ],
  };
}

export const auditLog: Scenario = { name: 'audit', run, runScaled: run };
