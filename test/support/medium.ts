import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@landbridge/database';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface MediumDatabase {
  /** A TypeORM data source on a fresh, migrated database of its own (no app, no HTTP). */
  dataSource: DataSource;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * Settings of the database for every session on it, such as `synchronous_commit: 'off'` (as the embedded
 * test server runs) for a spec that commits thousands of transactions on a server that flushes each.
 */
async function configure(database: TestDatabase, settings: Record<string, string>): Promise<void> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    for (const [name, value] of Object.entries(settings)) {
      await client.query(`ALTER DATABASE ${database.name} SET ${name} = '${value}'`);
    }
  } finally {
    await client.end();
  }
}

/**
 * The middle test layer: repositories and services run against a real PostgreSQL database cloned from
 * this run's migrated template, without Nest's HTTP stack. Construct what you test directly
 * (`new TrainsRepository(db.dataSource)`), and close it in afterAll. `settings` apply to every session.
 */
export async function openMediumDatabase(settings: Record<string, string> = {}): Promise<MediumDatabase> {
  const database = await createTestDatabase();
  if (Object.keys(settings).length) await configure(database, settings);
  const dataSource = await new DataSource(
    dataSourceOptions({ url: database.url, poolSize: 4, applicationName: 'landbridge-medium-test' }),
  ).initialize();
  return {
    dataSource,
    database,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
