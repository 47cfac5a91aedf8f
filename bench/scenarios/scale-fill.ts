/**
 * Scale fill (`--scale N`): brings the database up to N vehicles by the demo loader's bulk path, as a
 * second, denser copy of the corridor's history (its own ids, VINs, waybills and train numbers, booked
 * in the past, so the list's first page keeps the consignments it showed before). Not a measurement:
 * the scenarios measured again afterwards meet a database of that size.
 */
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
