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
 * The middle test layer: repositories and services run against a real PostgreSQL database cloned from
 * this run's migrated template, without Nest's HTTP stack. Construct what you test directly
 * (`new TrainsRepository(db.dataSource)`), and close it in afterAll.
 */
export async function openMediumDatabase(): Promise<MediumDatabase> {
  const database = await createTestDatabase();
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
