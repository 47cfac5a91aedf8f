import type { AppConfig } from '@landbridge/common';
import { EmbeddedPostgresServer } from './embedded-postgres-server.js';

export interface DatabaseServer {
  url: string;
  /** Stops the embedded server when this process started it; nothing for an external one. */
  stop(): Promise<void>;
  embedded: boolean;
}

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

/**
 * The database an app talks to: DATABASE_URL when set, otherwise an embedded PostgreSQL with its data
 * in DATA_DIR, so `npm start` works on a machine with no database installed.
 */
export async function provideDatabaseServer(config: AppConfig, log: Log): Promise<DatabaseServer> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, stop: () => Promise.resolve(), embedded: false };
  }
  const server = await EmbeddedPostgresServer.start({
    dataDir: config.DATA_DIR,
    preferredPort: config.EMBEDDED_POSTGRES_PORT,
    log,
  });
  return { url: server.url, stop: () => server.stop(), embedded: true };
}
