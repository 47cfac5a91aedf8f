import { rm } from 'node:fs/promises';
import pg from 'pg';

/** Drops every database this run created (template and per-file clones), then stops the embedded server. */
export default async function globalTeardown() {
  const adminUrl = process.env.LANDBRIDGE_TEST_ADMIN_URL;
  const runId = process.env.LANDBRIDGE_TEST_RUN_ID;
  if (adminUrl && runId) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
        `landbridge_test_${runId}_%`,
      ]);
      for (const { datname } of rows) {
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
  }
  await globalThis.__landbridgeTestServer?.stop();
  if (globalThis.__landbridgeTestDataDir) {
    await rm(globalThis.__landbridgeTestDataDir, { recursive: true, force: true });
  }
}
