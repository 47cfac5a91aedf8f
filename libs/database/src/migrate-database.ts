import { DataSource, type Migration } from 'typeorm';
import { dataSourceOptions, type Migrations } from './data-source-options.js';
import { runMigrations } from './run-migrations.js';

/** Brings the database at `url` to the schema of `migrations` without starting an app (CLI, tests, demo). */
export async function migrateDatabase(url: string, migrations: Migrations): Promise<Migration[]> {
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
