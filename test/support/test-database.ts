import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run end-to-end tests through Jest (npm run test:e2e)`);
  return value;
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: setting('LANDBRIDGE_TEST_ADMIN_URL') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template of this test run: cheap (tens of milliseconds). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `landbridge_test_${setting('LANDBRIDGE_TEST_RUN_ID')}_${randomBytes(4).toString('hex')}`;
  const template = setting('LANDBRIDGE_TEST_TEMPLATE');
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`));
  return {
    name,
    url: withDatabase(setting('LANDBRIDGE_TEST_ADMIN_URL'), name),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
