import { DataSource, type Migration } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';
import { runMigrations } from './run-migrations.js';
import { migrations } from './schema.js';

/** Brings the database at `url` to the latest schema without starting an app (CLI, tests). */
export async function migrateDatabase(url: string): Promise<Migration[]> {
  const dataSource = new DataSource(
    dataSourceOptions({ url, poolSize: 2, applicationName: 'landbridge-migrate' }, migrations),
  );
  await dataSource.initialize();
  try {
    return await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
