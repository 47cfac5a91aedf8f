import { NestFactory } from '@nestjs/core';
import { runService } from '@landbridge/database';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module.js';

/** Starts the worker: same configuration and database as the api, no HTTP server. */
await runService('landbridge-worker', async (config, databaseUrl) => {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, databaseUrl }), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  await app.init();
  return { stop: () => app.close() };
});
