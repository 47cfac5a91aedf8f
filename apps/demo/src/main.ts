import { ConfigError, loadConfig } from '@landbridge/common';
import { migrateDatabase, provideDatabaseServer } from '@landbridge/database';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { pino } from 'pino';
import { migrations } from '../../migrate/src/migrations.js';
import { describeDemo, loadDemo } from './demo-loader.js';
import { DemoNameTakenError } from './demo.repository.js';

/**
 * `npm run demo [-- --scale 0.1]`: loads the demo dataset into DATABASE_URL or the embedded database
 * (migrating it first). `--scale` draws that share of the vehicles, with the same totals.
 */
const log = pino({ name: 'landbridge-demo' });
try {
  const scaleArg = process.argv.indexOf('--scale');
  const scale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1;
  if (!(scale > 0 && scale <= 1)) throw new ConfigError('--scale must be a number in (0, 1]');
  const config = loadConfig(process.env);
  const server = await provideDatabaseServer(config, (level, message) => log[level](message));
  // As the owner, with the system's scope: an owner that is not a superuser meets row-level security too.
  const client = new pg.Client({
    connectionString: server.url,
    application_name: 'landbridge-demo',
    options: '-c landbridge.scope=system',
  });
  try {
    await migrateDatabase(server.url, migrations);
    await client.connect();
    const started = Date.now();
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: 'demo |{bar}| {percentage}% | {value}/{total} trains | {duration}s', stream: process.stderr },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    let reported = 0;
    const summary = await loadDemo(client, scale, (done, total) => {
      if (bar) {
        if (done === Math.min(100, total) || !reported) bar.start(total, 0);
        reported = done;
        bar.update(done);
      } else if (done === total || done - reported >= total / 10) {
        reported = done;
        log.info(`${done}/${total} trains`);
      }
    });
    bar?.stop();
    log.info(describeDemo(summary, (Date.now() - started) / 1000));
  } finally {
    await client.end();
    await server.stop();
  }
} catch (error) {
  log.fatal(
    error instanceof ConfigError || error instanceof DemoNameTakenError ? error.message : { err: error },
    'loading the demo dataset failed',
  );
  process.exitCode = 1;
}
