import { createServer } from 'node:net';
import type { LoggerService } from '@nestjs/common';
import type { AppConfig } from '@landbridge/common';
import { runService, StartupError } from '@landbridge/database';
import { Logger } from 'nestjs-pino';
import { createApiApp } from './create-api-app.js';

/**
 * Starts the api: configuration, a check that the HTTP port is free (before the database starts), database
 * (embedded unless DATABASE_URL), HTTP server, ordered shutdown.
 */
await runService(
  'landbridge-api',
  async (config, databaseUrl) => {
    const app = await createApiApp({ config, databaseUrl });
    const logger = app.get(Logger);
    app.useLogger(withoutControllerHeadings(logger));
    try {
      await app.listen({ port: config.PORT, host: config.HOST });
    } catch (error) {
      await app.close();
      throw asStartupError(error, config);
    }
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const url = `http://${reachableHost(config.HOST)}:${port}`;
    const where = isEveryInterface(config.HOST) ? `every interface (${config.HOST}), port ${port}` : url;
    logger.log(`Landbridge api listening on ${where}: health at ${url}/health, docs at ${url}/docs`);
    return {
      stop: async () => {
        // Stop taking requests and let those in flight finish while the database pool is still open (Nest's
        // close() would tear the pool down first), then close the rest of the app.
        await app.getHttpAdapter().getInstance().close();
        await app.close();
      },
    };
  },
  { beforeDatabase: ensurePortIsFree },
);

/** Fails with one actionable line when HOST:PORT cannot be listened on, before anything else is started. */
async function ensurePortIsFree(config: AppConfig): Promise<void> {
  if (config.PORT === 0) return; // any free port
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ port: config.PORT, host: config.HOST, exclusive: true }, resolve);
  }).catch((error: unknown) => {
    throw asStartupError(error, config);
  });
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

/** A failure to listen, said so that a person knows what to change; other errors as they are. */
function asStartupError(error: unknown, config: AppConfig): unknown {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return new StartupError(`port ${config.PORT} is in use: stop what uses it or set PORT to another one`);
    case 'EACCES':
      return new StartupError(`port ${config.PORT} needs privileges: set PORT to 1024 or above`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(
        `HOST ${config.HOST} is not an address of this machine: set HOST to 127.0.0.1 or 0.0.0.0`,
      );
    default:
      return error;
  }
}

function isEveryInterface(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** The address a person on this machine uses to reach HOST. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Nest's RoutesResolver heads each controller's routes with the global prefix even for a controller
 * excluded from it (`HealthController {/api/v1/health}` for what is served at /health); the lines under
 * it give every route's real path, so those headings are left out of the log.
 */
function withoutControllerHeadings(logger: LoggerService): LoggerService {
  return {
    log: (message: unknown, ...rest: unknown[]) => {
      if (rest.at(-1) !== 'RoutesResolver') logger.log(message, ...rest);
    },
    error: (message: unknown, ...rest: unknown[]) => {
      logger.error(message, ...rest);
    },
    warn: (message: unknown, ...rest: unknown[]) => {
      logger.warn(message, ...rest);
    },
    debug: (message: unknown, ...rest: unknown[]) => {
      logger.debug?.(message, ...rest);
    },
    verbose: (message: unknown, ...rest: unknown[]) => {
      logger.verbose?.(message, ...rest);
    },
    fatal: (message: unknown, ...rest: unknown[]) => {
      logger.fatal?.(message, ...rest);
    },
  };
}
