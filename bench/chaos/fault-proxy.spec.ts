import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { FaultProxy } from './fault-proxy.js';

/** A client of the proxy that collects what comes back and whether its connection ended. */
function client(port: number): Promise<{ socket: Socket; received: () => string; ended: Promise<void> }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve({ socket, received: () => text, ended }));
    let text = '';
    const ended = new Promise<void>((done) => socket.on('close', () => done()));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('error', () => undefined);
  });
}

const until = async (predicate: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('waited in vain');
    await new Promise((done) => setTimeout(done, 5));
  }
};

describe('FaultProxy', () => {
  let echo: Server;
  let proxy: FaultProxy;

  beforeEach(async () => {
    echo = createServer((socket) => socket.on('error', () => undefined).pipe(socket));
    await new Promise<void>((done) => echo.listen(0, '127.0.0.1', done));
    proxy = await FaultProxy.start('127.0.0.1', (echo.address() as AddressInfo).port);
  });
  afterEach(async () => {
    await proxy.close();
    await new Promise<void>((done) => echo.close(() => done()));
  });

  it('relays both ways, in order', async () => {
    const { socket, received } = await client(proxy.port);
    for (const part of ['one ', 'two ', 'three']) socket.write(part);
    await until(() => received() === 'one two three');
    expect(proxy.stats.connections).toBe(1);
    socket.destroy();
  });

  it('holds every chunk for the delay in force, without reordering when the delay is lifted', async () => {
    const { socket, received } = await client(proxy.port);
    proxy.setDelay(150);
    const started = Date.now();
    socket.write('slow ');
    await new Promise((done) => setTimeout(done, 20));
    proxy.setDelay(0);
    socket.write('fast');
    await until(() => received() === 'slow fast');
    // The echo crosses the proxy twice; the first chunk waited once each way.
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    socket.destroy();
  });

  it('cuts every live connection with share 1, and accepts new ones after', async () => {
    const first = await client(proxy.port);
    const second = await client(proxy.port);
    await until(() => proxy.live === 2);
    expect(proxy.cut(1)).toBe(2);
    await Promise.all([first.ended, second.ended]);
    expect(proxy.stats.cutConnections).toBe(2);

    const third = await client(proxy.port);
    third.socket.write('still here');
    await until(() => third.received() === 'still here');
    third.socket.destroy();
  });

  it('cuts a share of the connections drawn by the random source, at least one', async () => {
    const clients = await Promise.all([1, 2, 3, 4].map(() => client(proxy.port)));
    await until(() => proxy.live === 4);
    const draws = [0.1, 0.9, 0.2, 0.9];
    expect(proxy.cut(0.5, () => draws.shift()!)).toBe(2);
    await until(() => proxy.live === 2);
    expect(proxy.cut(0, () => 0)).toBe(1);
    await until(() => proxy.live === 1);
    for (const { socket } of clients) socket.destroy();
  });
});
