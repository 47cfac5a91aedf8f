import { createServer, type Server, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP relay to a server, which a test can take down and bring back on the same port (an outage). */
export interface TcpProxy {
  port: number;
  /** Refuses new connections and cuts the open ones. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let listenPort = 0;
  const up = async () => {
    server = createServer((client) => {
      const upstream = connect(port, host);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((done) => server!.listen(listenPort, '127.0.0.1', done));
    listenPort = (server.address() as AddressInfo).port;
  };
  const down = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    server = undefined;
  };
  await up();
  return { port: listenPort, up, down, close: down };
}
