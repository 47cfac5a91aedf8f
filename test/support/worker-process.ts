import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const compiledWorker = join(
  resolve(import.meta.dirname, '../..'),
  'node_modules/.cache/landbridge-test/apps/worker/src/main.js',
);

export interface WorkerProcess {
  /** SIGKILL: no shutdown at all, as in a crash. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** The worker (compiled by the global setup) as a process of its own, on the given database. */
export function startWorker(databaseUrl: string, env: Record<string, string> = {}): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, [compiledWorker], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { crash: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
