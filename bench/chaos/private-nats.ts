import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A NATS server with JetStream of the chaos run's own, on a port of its own with its store in a temporary
 * folder (the machine's server at 4222 is shared and never touched). `stop` and `start` make an outage;
 * the store outlives it, as a restarted server's would.
 */
export class PrivateNats {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly storeDir: string,
    readonly port: number,
  ) {}

  static async start(port: number): Promise<PrivateNats> {
    const server = new PrivateNats(await mkdtemp(join(tmpdir(), 'landbridge-chaos-nats-')), port);
    await server.start();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const binary = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server', '/usr/bin/nats-server'].find(existsSync);
    if (!binary) throw new Error('nats-server not found (apt-get install nats-server)');
    this.child = spawn(binary, ['-js', '-sd', this.storeDir, '-a', '127.0.0.1', '-p', String(this.port)], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 30_000;
    while (!(await accepts(this.port))) {
      if (this.child.exitCode !== null) throw new Error(`nats-server exited with ${this.child.exitCode}`);
      if (Date.now() > deadline) throw new Error('nats-server did not listen within 30 s');
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async remove(): Promise<void> {
    await this.stop();
    await rm(this.storeDir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
