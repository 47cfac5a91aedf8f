import pg from 'pg';

/**
 * The status feed reads only transactions older than every one still running anywhere in the cluster,
 * so an event committed a moment ago may show a moment later (while some other transaction ends). Tests
 * that assert on the feed right after writing wait until every committed status event has become
 * readable, then read. Test files share the cluster when run against a server: another file's long
 * transaction (a demo load of several seconds) holds every feed back until it ends, hence the patience.
 */
export async function feedSettled(databaseUrl: string, timeoutMs = 30_000): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ settled: boolean }>(
        `SELECT COALESCE(max(tx_id) < pg_snapshot_xmin(pg_current_snapshot()), true) AS settled FROM status_events`,
      );
      if (rows[0]!.settled) return;
      if (Date.now() > deadline) throw new Error(`the status feed did not settle in ${timeoutMs} ms`);
      await new Promise((done) => setTimeout(done, 20));
    }
  } finally {
    await client.end();
  }
}
