import { type AppConfig, ConfigError, loadConfig } from '@landbridge/common';
import { pino } from 'pino';
import { provideDatabaseServer } from './database-server.js';

export interface RunningService {
  /** Stops taking work and lets what is in flight finish; the database is stopped after it. */
  stop(): Promise<void>;
}

/**
 * A reason a service cannot start that a person can act on (such as its port being taken): logged as
 * that one line, without a stack trace, before the process exits with 1.
 */
export class StartupError extends Error {}

export interface ServiceOptions {
  /** Checks made before the database is provided (say, that the HTTP port is free); may throw a StartupError. */
  beforeDatabase?: (config: AppConfig) => Promise<void>;
}

/**
 * The life of an app's process, shared by the api and the worker: read and validate the configuration
 * (exit 78 with the reason when it is bad), provide the database (embedded unless DATABASE_URL), start the
 * app (exit 1 when it cannot, after stopping the database), and on SIGINT/SIGTERM stop the app first and
 * the database last.
 */
export async function runService(
  name: string,
  start: (config: AppConfig, databaseUrl: string) => Promise<RunningService>,
  options: ServiceOptions = {},
): Promise<void> {
  const log = pino({ name });
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.fatal(error.message);
    process.exit(78); // EX_CONFIG
  }
  log.level = config.LOG_LEVEL;
  const didNotStart = (error: unknown) =>
    error instanceof StartupError
      ? log.fatal(`${name} did not start: ${error.message}`)
      : log.fatal({ err: error }, `${name} did not start`);
  try {
    await options.beforeDatabase?.(config);
  } catch (error) {
    didNotStart(error);
    process.exit(1);
  }
  const database = await provideDatabaseServer(config, (level, message) => log[level](message));
  let service: RunningService;
  try {
    service = await start(config, database.url);
  } catch (error) {
    didNotStart(error);
    await database.stop().catch((failure: unknown) => log.error({ err: failure }, 'stopping the database failed'));
    process.exit(1);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: stopping`);
    await service.stop().catch((error: unknown) => log.error({ err: error }, `stopping ${name} failed`));
    await database.stop().catch((error: unknown) => log.error({ err: error }, 'stopping the database failed'));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
