import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

/** The pool of the api and of the baseline alike; BENCH_POOL_SIZE to try another. */
const DATABASE_POOL_SIZE = process.env.BENCH_POOL_SIZE ?? '10';

export const BENCH_ADMIN = { email: 'bench@landbridge.test', password: 'bench-password-123' };

export interface ServiceUnderTest {
  baseUrl: string;
  /** What the service runs on, for the report. */
  database: string;
  /** The service's own database, for the baseline server and for bulk fills. */
  databaseUrl: string;
  /** The api process, to read its memory (/proc/<pid>/status). */
  pid: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
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
 * `root` is the checkout whose build runs (bench/compare.ts starts an earlier one's); this one by default.
 */
export async function startService(root = '.'): Promise<ServiceUnderTest> {
  const port = await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    RATE_LIMIT_PER_MINUTE: '100000000',
    // The status-update scenario delivers to a receiver on this machine.
    ALLOW_HTTP_WEBHOOKS: 'true',
    ALLOW_PRIVATE_WEBHOOKS: 'true',
    DATABASE_POOL_SIZE,
  };
  let cleanup: () => Promise<void>;
  let database: string;
  let databaseUrl: () => Promise<string>;
  if (process.env.DATABASE_URL) {
    const name = `landbridge_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    databaseUrl = () => Promise.resolve(url.toString());
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
    const postgresPort = await freePort();
    env.EMBEDDED_POSTGRES_PORT = String(postgresPort);
    databaseUrl = async () => {
      const { user, password } = JSON.parse(await readFile(join(dataDir, 'postgres.credentials.json'), 'utf8')) as {
        user: string;
        password: string;
      };
      return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${postgresPort}/postgres`;
    };
    database = 'embedded PostgreSQL';
    cleanup = () => rm(dataDir, { recursive: true, force: true });
  }
  // BENCH_API_NODE_OPTIONS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) is passed to the api's node only.
  const nodeOptions = process.env.BENCH_API_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  const api = await startProcess(resolve(root, 'dist/apps/api/src/main.js'), env, port, '/health', nodeOptions, root);
  return {
    baseUrl: api.baseUrl,
    database,
    databaseUrl: await databaseUrl(),
    pid: api.pid,
    stop: async () => {
      await api.stop();
      await cleanup();
    },
  };
}

/** The baseline server (bench/baseline-server.ts) on the service's database, with the same pool size. */
export async function startBaseline(
  service: ServiceUnderTest,
  env: Record<string, string> = {},
): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const port = await freePort();
  return startProcess(
    'dist/bench/baseline-server.js',
    {
      ...(process.env as Record<string, string>),
      PORT: String(port),
      DATABASE_URL: service.databaseUrl,
      DATABASE_POOL_SIZE,
      ...env,
    },
    port,
    '/api/v1/consignments/00000000-0000-0000-0000-000000000000',
    process.env.BENCH_BASELINE_NODE_OPTIONS?.split(' ').filter(Boolean),
  );
}

async function startProcess(
  script: string,
  env: Record<string, string>,
  port: number,
  probe: string,
  nodeOptions: string[] = [],
  cwd = '.',
): Promise<{ baseUrl: string; pid: number; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [...nodeOptions, script], {
    env,
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode} during start`);
    const answered = await fetch(baseUrl + probe)
      .then((r) => r.status < 500)
      .catch(() => false);
    if (answered) break;
    if (Date.now() > deadline) throw new Error(`${script} did not answer within 60 s`);
    await new Promise((done) => setTimeout(done, 200));
  }
  return {
    baseUrl,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
