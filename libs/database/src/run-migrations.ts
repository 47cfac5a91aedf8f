import type { DataSource, Migration } from 'typeorm';

/** Any 64-bit number both apps agree on: only one process migrates at a time. */
const MIGRATION_LOCK = 7_310_042_024;

/**
 * Runs pending migrations in one transaction under an advisory lock (held on a connection of its own,
 * so the pool needs at least two), so an api and a worker (or several
 * api processes) starting together neither race nor half-apply the schema.
 */
export async function runMigrations(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
