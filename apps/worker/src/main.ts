import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@landbridge/common';
import { provideDatabaseServer } from '@landbridge/database';
import { Logger } from 'nestjs-pino';
import { pino } from 'pino';
import { WorkerModule } from './worker.module.js';

/** Starts the worker: same configuration and database as the api, no HTTP server. */
async function main(): Promise<void> {
  const bootLog = pino({ name: 'landbridge-worker' });
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
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, databaseUrl: database.url }), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  await app.init();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    bootLog.info(`${signal} received: stopping`);
    await app.close().catch((error: unknown) => bootLog.error({ err: error }, 'closing the worker failed'));
    await database.stop().catch((error: unknown) => bootLog.error({ err: error }, 'stopping the database failed'));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
