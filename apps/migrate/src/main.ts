import { ConfigError, loadConfig } from '@landbridge/common';
import { migrateDatabase, provideDatabaseServer } from '@landbridge/database';
import { pino } from 'pino';
import { migrations } from './migrations.js';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL or the embedded database. */
const log = pino({ name: 'landbridge-migrate' });
try {
  const config = loadConfig(process.env);
  const server = await provideDatabaseServer(config, (level, message) => log[level](message));
  try {
    const applied = await migrateDatabase(server.url, migrations);
    log.info(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'the schema is up to date');
  } finally {
    await server.stop();
  }
} catch (error) {
  log.fatal(error instanceof ConfigError ? error.message : { err: error }, 'migration failed');
  process.exitCode = 1;
}
