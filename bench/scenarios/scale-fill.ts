/**
 * Scale fill (`--scale N`): brings the database up to N vehicles by the demo loader's bulk path, as a
 * second, denser copy of the corridor's history (its own ids, VINs, waybills and train numbers, booked
 * in the past, so the list's first page keeps the consignments it showed before). Not a measurement:
 * the scenarios measured again afterwards meet a database of that size.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { loadDemo } from '../../apps/demo/src/demo-loader.js';
import type { BenchContext } from '../scenario.js';

/**
 * Fills to `vehicles` (nothing when the database holds as many already), then settles the database so
 * that the measurements after it do not meet autovacuum and the checkpointer working through the new
 * rows (the vacuum also sets their hint bits). Gives the database's size for the scale table's title.
 */
export async function fillTo({ service, fixtures }: BenchContext, vehicles: number): Promise<string> {
  const client = new pg.Client({ connectionString: service.databaseUrl });
  await client.connect();
  try {
    const { rows: counted } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM vehicles');
    const wanted = vehicles - counted[0]!.n;
    if (wanted > 0) {
      const fillStarted = performance.now();
      const filled = await loadDemo(client, wanted / fixtures.demoVehicles, undefined, {
        name: 'scale:',
        serialOffset: 500_000,
        trainNumberBase: 9001,
        waybillPrefix: 'BX',
      });
      const filledIn = (performance.now() - fillStarted) / 1000;
      const settleStarted = performance.now();
      await client.query('VACUUM (ANALYZE)');
      await client.query('CHECKPOINT').catch(() => undefined); // only where the role may
      process.stdout.write(
        `scale fill: ${filled.vehicles} more vehicles (${filled.trains} trains) in ${filledIn.toFixed(1)} s, ` +
          `then VACUUM (ANALYZE) and CHECKPOINT in ${((performance.now() - settleStarted) / 1000).toFixed(1)} s\n`,
      );
    }
    const { rows: total } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM vehicles');
    return `${total[0]!.n.toLocaleString('en')} vehicles`;
  } finally {
    await client.end();
  }
}

/**
 * Fills the audit log to `entries` entries (nothing when it holds as many), spread over the last twelve
 * months, 10 entries per object: 100,000 objects' histories of writes, as the log of a busy year would
 * hold. Set-based, in one statement, then VACUUM (ANALYZE) of the log.
 */
export async function fillAuditLog(databaseUrl: string, entries: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: counted } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    const wanted = entries - counted[0]!.n;
    if (wanted <= 0) return;
    const started = performance.now();
    await client.query(`SELECT audit_log_add_months((now() - interval '12 months')::date, 14)`);
    await client.query(
      `INSERT INTO audit_log (occurred_at, actor_user_id, actor_organization_id, actor_role, action, entity_type,
         entity_id, organization_id, changes, request_id)
       SELECT date_trunc('milliseconds', now() - random() * interval '365 days'), $2, $3, 'operator',
         'consignment.event_recorded', 'consignment', ${AUDIT_ENTITY_ID_SQL}, $3,
         jsonb_build_object('type', jsonb_build_array(NULL, 'ARRIVED_AT_STATION')), 'bench-' || g
       FROM generate_series(1, $1) AS g`,
      [wanted, '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'],
    );
    const filledIn = (performance.now() - started) / 1000;
    await client.query('VACUUM (ANALYZE) audit_log');
    process.stdout.write(`audit fill: ${wanted} entries in ${filledIn.toFixed(1)} s\n`);
  } finally {
    await client.end();
  }
}

/** The object of fill entry `g`: one of 100,000, as a UUID (`auditEntityId(i)` names object i). */
const AUDIT_ENTITY_ID_SQL = `md5('bench-object-' || (g % 100000))::uuid::text`;

/** The id the audit fill gives its object `i` (0 ≤ i < 100,000), computed as PostgreSQL's md5()::uuid does. */
export function auditEntityId(i: number): string {
  const hex = createHash('md5').update(`bench-object-${i}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
