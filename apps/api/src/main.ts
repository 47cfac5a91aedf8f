import { ConfigError, loadConfig } from '@landbridge/common';
import { provideDatabaseServer } from '@landbridge/database';
import { pino } from 'pino';
import { createApiApp } from './create-api-app.js';

/** Starts the api: configuration, database (embedded unless DATABASE_URL), HTTP server, ordered shutdown. */
async function main(): Promise<void> {
  const bootLog = pino({ name: 'landbridge-api' });
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    bootLog.fatal(error.message);
    process.exit(78); // EX_CONFIG
  }
  bootLog.level = config.LOG_LEVEL;
  const database = await provideDatabaseServer(config, (level, message) => bootLog[level](message));
  let app;
  try {
    app = await createApiApp({ config, databaseUrl: database.url });
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    bootLog.fatal({ err: error }, 'the api did not start');
    await app?.close().catch(() => undefined);
    await database.stop();
    process.exit(1);
  }
  bootLog.info(`Landbridge api listening on http://localhost:${config.PORT} (docs at /docs)`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    bootLog.info(`${signal} received: draining requests, then stopping`);
    // Stop taking requests and let those in flight finish while the database pool is still open (Nest's
    // close() would tear the pool down first), then close the rest of the app.
    await app
      .getHttpAdapter()
      .getInstance()
      .close()
      .catch(() => undefined);
    await app.close().catch((error: unknown) => bootLog.error({ err: error }, 'closing the api failed'));
    await database.stop().catch((error: unknown) => bootLog.error({ err: error }, 'stopping the database failed'));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
