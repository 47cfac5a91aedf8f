import { runService } from '@landbridge/database';
import { Logger } from 'nestjs-pino';
import { createApiApp } from './create-api-app.js';

/** Starts the api: configuration, database (embedded unless DATABASE_URL), HTTP server, ordered shutdown. */
await runService('landbridge-api', async (config, databaseUrl) => {
  const app = await createApiApp({ config, databaseUrl });
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    await app.close();
    throw error;
  }
  app.get(Logger).log(`Landbridge api listening on http://localhost:${config.PORT} (docs at /docs)`);
  return {
    stop: async () => {
      // Stop taking requests and let those in flight finish while the database pool is still open (Nest's
      // close() would tear the pool down first), then close the rest of the app.
      await app.getHttpAdapter().getInstance().close();
      await app.close();
    },
  };
});
