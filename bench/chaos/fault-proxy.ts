import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket;
}

/**
 * A TCP relay in front of PostgreSQL that injects network faults: `setDelay` holds every chunk (both
 * ways, order kept) before passing it on, and `cut` resets a share of the live connections at once, as a
 * failing network or a restarted pooler would. New connections are accepted throughout.
 */
export class FaultProxy {
  private readonly pairs = new Set<Pair>();
  private delayMs = 0;
  /** Connections accepted, and connections reset by `cut`. */
  readonly stats = { connections: 0, cutConnections: 0 };

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on 127.0.0.1 (`listenPort`, or a free port) and relays to `host:port`. */
  static async start(host: string, port: number, listenPort = 0): Promise<FaultProxy> {
    const server = createServer();
    await new Promise<void>((done) => server.listen(listenPort, '127.0.0.1', done));
    const proxy = new FaultProxy(server, (server.address() as AddressInfo).port);
    server.on('connection', (client) => proxy.relay(client, host, port));
    return proxy;
  }

  get live(): number {
    return this.pairs.size;
  }

  /** Every chunk from now on waits `ms` before it is passed on (0: none). */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /**
   * Resets `share` (0–1) of the live connections, drawn with `random`, and at least one when there are
   * any; returns how many.
   */
  cut(share: number, random: () => number = Math.random): number {
    const chosen = [...this.pairs].filter(() => random() < share);
    if (!chosen.length && this.pairs.size) chosen.push([...this.pairs][Math.floor(random() * this.pairs.size)]!);
    for (const pair of chosen) this.drop(pair);
    this.stats.cutConnections += chosen.length;
    return chosen.length;
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) this.drop(pair);
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private relay(client: Socket, host: string, port: number): void {
    this.stats.connections += 1;
    const upstream = connect(port, host);
    const pair = { client, upstream };
    this.pairs.add(pair);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.on('error', () => this.drop(pair));
      socket.on('close', () => this.drop(pair));
    }
    this.forward(client, upstream);
    this.forward(upstream, client);
  }

  /** Passes `from`'s chunks to `to`, each after the delay in force when it came, never overtaking another. */
  private forward(from: Socket, to: Socket): void {
    let queue = Promise.resolve();
    let waiting = 0;
    from.on('data', (chunk: Buffer) => {
      const delay = this.delayMs;
      if (!delay && !waiting) {
        if (!to.destroyed && !to.write(chunk)) {
          from.pause();
          to.once('drain', () => from.resume());
        }
        return;
      }
      waiting += 1;
      queue = queue
        .then(() => new Promise<void>((done) => setTimeout(done, delay)))
        .then(() => {
          waiting -= 1;
          if (!to.destroyed) to.write(chunk);
        });
    });
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    for (const socket of [pair.client, pair.upstream]) {
      if (!socket.destroyed) socket.resetAndDestroy();
    }
  }
}
