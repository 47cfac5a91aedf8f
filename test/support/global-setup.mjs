// One PostgreSQL per test run: the embedded one (in a temporary folder, tuned for speed), or the server
// at DATABASE_URL. Migrations run once into a template database; every test file clones it
// (see test-database.ts), so files run in parallel without sharing data.
//
// Jest loads this file outside its module system, so it compiles the apps and libs with swc (well under
// a second) and imports the compiled migration runner and the apps' list of migrations: the tests use
// the very migrations the apps run.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const root = resolve(import.meta.dirname, '../..');

export default async function globalSetup() {
  const started = Date.now();
  const compiled = join(root, 'node_modules/.cache/landbridge-test');
  execFileSync(
    join(root, 'node_modules/.bin/swc'),
    ['apps', 'libs', '-d', compiled, '--ignore', '**/*.spec.ts', '--quiet'],
    { cwd: root, stdio: 'inherit' },
  );
  const database = await import(pathToFileURL(join(compiled, 'libs/database/src/index.js')).href);
  const { migrations } = await import(pathToFileURL(join(compiled, 'apps/migrate/src/migrations.js')).href);

  const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
  let server;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), 'landbridge-test-'));
    server = await database.EmbeddedPostgresServer.start({
      dataDir,
      preferredPort: 0,
      settings: {
        fsync: 'off',
        synchronous_commit: 'off',
        full_page_writes: 'off',
        max_connections: '300',
      },
      log: (level, message) => level !== 'info' && process.stderr.write(`[test postgres] ${message}\n`),
    });
    adminUrl = server.url;
    globalThis.__landbridgeTestDataDir = dataDir;
  }
  const template = `landbridge_test_${runId}_template`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  await database.migrateDatabase(withDatabase(adminUrl, template), migrations);

  globalThis.__landbridgeTestServer = server;
  process.env.LANDBRIDGE_TEST_ADMIN_URL = adminUrl;
  process.env.LANDBRIDGE_TEST_TEMPLATE = template;
  process.env.LANDBRIDGE_TEST_RUN_ID = runId;
  process.env.LANDBRIDGE_TEST_COMPILED = compiled;
  process.stderr.write(
    `\n[e2e] ${server ? 'embedded PostgreSQL' : 'PostgreSQL at DATABASE_URL'}, template ${template} ready in ${Date.now() - started} ms\n`,
  );
}

export function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
