import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The api as a user starts it (`node dist/apps/api/src/main.js`), compiled here into a folder of its own
// (others may be building dist/) inside the repository, so its imports resolve from node_modules.
const root = resolve(import.meta.dirname, '..');
const compiled = join(root, 'node_modules/.cache/landbridge-startup-test/out');
const main = join(compiled, 'apps/api/src/main.js');

interface Run {
  child: ChildProcess;
  dataDir: string;
  output: () => string;
  /** The exit code, once the process has ended. */
  exited: Promise<number | null>;
}

const runs: Run[] = [];
const servers: Server[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

async function startApi(env: Record<string, string>): Promise<Run> {
  const dataDir = await mkdtemp(join(tmpdir(), 'landbridge-startup-'));
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const run = { child, dataDir, output: () => output, exited };
  runs.push(run);
  return run;
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function until(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > ms) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** The pino lines at error level or above (50 error, 60 fatal), and every line that is not JSON. */
function problems(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        return (JSON.parse(line) as { level: number }).level >= 50;
      } catch {
        return true;
      }
    });
}

/** Processes whose command line names the folder (the embedded PostgreSQL's, for one). */
function processesUsing(dataDir: string): string {
  try {
    return execFileSync('pgrep', ['-af', dataDir], { encoding: 'utf8' });
  } catch {
    return ''; // pgrep exits 1 when it finds none
  }
}

describe('starting the api', () => {
  beforeAll(() => {
    execFileSync(
      join(root, 'node_modules/.bin/swc'),
      ['apps', 'libs', '-d', compiled, '--ignore', '**/*.spec.ts,**/*.fixtures.ts', '--quiet'],
      { cwd: root, stdio: 'inherit' },
    );
  });

  afterEach(async () => {
    for (const run of runs.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGTERM');
        await within(run.exited, 15_000, 'stopping the api').catch(() => run.child.kill('SIGKILL'));
      }
      await rm(run.dataDir, { recursive: true, force: true });
    }
    await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
  });

  it('with PORT=abc exits at once with one message naming PORT', async () => {
    const run = await startApi({ PORT: 'abc' });
    const code = await within(run.exited, 10_000, 'exiting');
    expect(code).not.toBe(0);
    const messages = problems(run.output());
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('PORT must be a whole number');
    expect(messages[0]?.match(/PORT:/g)).toHaveLength(1);
  });

  it('with its port in use exits with one line naming the port, no stack trace and no database left', async () => {
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const { port } = taken.address() as { port: number };
    const run = await startApi({ PORT: String(port) });
    const code = await within(run.exited, 30_000, 'exiting');
    expect(code).not.toBe(0);
    const messages = problems(run.output());
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`port ${port} is in use`);
    expect(messages[0]).toContain('set PORT to another one');
    expect(run.output()).not.toMatch(/"stack"|\n\s+at /);
    expect(run.output()).not.toContain('successfully started');
    expect(processesUsing(run.dataDir)).toBe('');
  });

  it('listens on 127.0.0.1 by default and logs the health URL, then stops with its database on SIGTERM', async () => {
    const port = await freePort();
    const run = await startApi({ PORT: String(port) });
    await until(() => run.output().includes('Landbridge api listening'), 45_000, 'listening');
    const output = run.output();
    expect(output).toContain(`http://127.0.0.1:${port}/health`);
    expect(output).not.toContain('/api/v1/health');
    expect(problems(output)).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    // Not reachable on this machine's other addresses.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (external) {
      await expect(fetch(`http://${external.address}:${port}/health`)).rejects.toThrow();
    }

    run.child.kill('SIGTERM');
    expect(await within(run.exited, 15_000, 'stopping')).toBe(0);
    expect(processesUsing(run.dataDir)).toBe('');
  });
});
