import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type ProcessKind = 'api' | 'worker';

/**
 * One api or worker process of the cluster, run from the build (dist/) with its output appended to a
 * log file. Supervised as a process manager would: when it exits without being asked to (a crash, or a
 * `kill -9` by the chaos run) it is started again after `restartDelayMs`.
 */
export class ClusterProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Exits nobody asked for (the kills of the run are counted by the run), with how each ended. */
  readonly exits: string[] = [];
  starts = 0;

  constructor(
    readonly name: string,
    readonly kind: ProcessKind,
    /** The api's HTTP port (fixed, so that a restarted api is found where it was); 0 for a worker. */
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    const script = resolve(`dist/apps/${this.kind}/src/main.js`);
    const log = openSync(join(this.logDir, `${this.name}.log`), 'a');
    const child = spawn(process.execPath, ['--enable-source-maps', script], {
      env: { PATH: process.env.PATH ?? '', ...this.env, ...(this.port ? { PORT: String(this.port) } : {}) },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.starts += 1;
    this.child = child;
    child.once('exit', (code, signal) => {
      if (this.child !== child || this.stopping) return;
      this.exits.push(`${this.name} exited with ${signal ?? code} at ${new Date().toISOString()}`);
      this.restartTimer = setTimeout(() => this.start(), 1000);
    });
  }

  /** `kill -9`; it is started again `restartAfterMs` later. */
  kill(restartAfterMs: number): void {
    const child = this.child;
    if (!child || !this.running) return;
    this.child = undefined;
    child.kill('SIGKILL');
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      if (!this.stopping) this.start();
    }, restartAfterMs);
  }

  /** Until the api answers /health with 200 (or the worker has run `waitMs`). */
  async ready(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    if (this.kind === 'worker') return new Promise((done) => setTimeout(done, 2000));
    for (;;) {
      const ok = await fetch(`${this.baseUrl}/health`)
        .then((response) => response.ok)
        .catch(() => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`${this.name} was not healthy within ${timeoutMs / 1000} s`);
      await new Promise((done) => setTimeout(done, 250));
    }
  }

  /** SIGKILL at once and no restart: the chaos run itself is ending abnormally. */
  abandon(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.child?.kill('SIGKILL');
  }

  /** SIGTERM (SIGKILL after 15 s), and no restart. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
