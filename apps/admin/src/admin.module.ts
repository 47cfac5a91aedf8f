import { type DynamicModule, Module } from '@nestjs/common';
import { createLogger, ObservabilityModule } from '@landbridge/common';
import { type DatabaseOptions, DatabaseModule } from '@landbridge/database';
import { IdentityRecoveryModule } from '@landbridge/identity';
import { pino } from 'pino';
import { migrations } from '../../migrate/src/migrations.js';

export interface AdminOptions {
  databaseUrl: string;
  /** DATABASE_APP_URL and the other connection settings (connectionSettings). */
  connection: Pick<DatabaseOptions, 'appUrl' | 'listenUrl' | 'preparedStatements'>;
  /** The level of the logs, which go to stderr: stdout holds only what a command prints for a person. */
  logLevel: string;
}

/** `npm run admin`: the database (migrated first, as every app does) and the contexts' recovery services. */
@Module({})
export class AdminModule {
  static forRoot({ databaseUrl, connection, logLevel }: AdminOptions): DynamicModule {
    return {
      module: AdminModule,
      imports: [
        ObservabilityModule.forRoot({ logger: createLogger(logLevel, pino.destination(2)), http: false }),
        DatabaseModule.forRoot(
          { url: databaseUrl, poolSize: 2, applicationName: 'landbridge-admin', ...connection },
          migrations,
        ),
        IdentityRecoveryModule,
      ],
    };
  }
}
