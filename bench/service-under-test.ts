import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const BENCH_ADMIN = { email: 'bench@landbridge.test', password: 'bench-password-123' };

export interface ServiceUnderTest {
  baseUrl: string;
  database: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts the built api (dist/) as its own process on a fresh database: a new embedded PostgreSQL in a
 * temporary folder, or a new database on the server at DATABASE_URL. Everything is removed on stop.
 */
export async function startService(): Promise<ServiceUnderTest> {
  const port = await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    RATE_LIMIT_PER_MINUTE: '100000000',
    DATABASE_POOL_SIZE: '20',
  };
  let cleanup: () => Promise<void>;
  let database: string;
  if (process.env.DATABASE_URL) {
    const name = `landbridge_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    database = `PostgreSQL server (${url.host})`;
    cleanup = async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  } else {
    const dataDir = await mkdtemp(join(tmpdir(), 'landbridge-bench-'));
    env.DATA_DIR = dataDir;
    env.EMBEDDED_POSTGRES_PORT = String(await freePort());
    database = 'embedded PostgreSQL';
    cleanup = () => rm(dataDir, { recursive: true, force: true });
  }
  const child: ChildProcess = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the api exited with ${child.exitCode} during start`);
    const healthy = await fetch(`${baseUrl}/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (healthy) break;
    if (Date.now() > deadline) throw new Error('the api did not become healthy within 60 s');
    await new Promise((done) => setTimeout(done, 200));
  }
  return {
    baseUrl,
    database,
    stop: async () => {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      await cleanup();
    },
  };
}
