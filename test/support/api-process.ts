import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ApiProcess {
  baseUrl: string;
  /** Everything the process wrote so far (pino JSON lines). */
  output(): string;
  /** SIGTERM, then waits for the process to end. */
  stop(): Promise<void>;
}

const LISTENING = /Landbridge api listening on (http:\/\/127\.0\.0\.1:\d+)/;
const STARTUP_LIMIT_MS = 30_000;

/**
 * The api as `npm start` runs it (`node apps/api/src/main.js`, compiled by the global setup, with the
 * worker inside), in a process of its own on `databaseUrl`. It picks a free port itself (PORT=0) and says
 * which in its "listening" log line; this resolves once it has, and rejects with its output if it exits
 * first or takes longer than 30 s.
 */
export async function startApiProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ApiProcess> {
  const compiled = process.env.LANDBRIDGE_TEST_COMPILED;
  if (!compiled) throw new Error('LANDBRIDGE_TEST_COMPILED is not set: run end-to-end tests through Jest');
  const child = spawn(process.execPath, [join(compiled, 'apps/api/src/main.js')], {
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  const output = () => chunks.join('');
  const ended = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await ended;
  };

  let heard: string | undefined;
  const baseUrl = await new Promise<string>((listening, failed) => {
    const timer = setTimeout(
      () => failed(new Error(`the api did not listen within 30 s:\n${output()}`)),
      STARTUP_LIMIT_MS,
    );
    void ended.then(() => failed(new Error(`the api exited before listening:\n${output()}`)));
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8').on('data', (text: string) => {
        chunks.push(text);
        if (heard) return;
        heard = LISTENING.exec(output())?.[1];
        if (heard) {
          clearTimeout(timer);
          listening(heard);
        }
      });
    }
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { baseUrl, output, stop };
}
