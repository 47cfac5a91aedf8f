import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { type AppConfig, IdempotencyModule, IdempotencyPurgeModule, ObservabilityModule } from '@landbridge/common';
import { connectionSettings, DatabaseModule } from '@landbridge/database';
import type { Logger } from 'pino';
import { IdentityModule } from '@landbridge/identity';
import { OperationsModule } from '@landbridge/operations';
import { NotificationsModule, RelayModule } from '@landbridge/notifications';
import { ReferenceDataModule } from '@landbridge/reference-data';
import { ReportsModule } from '@landbridge/reports';
import { EtaRefreshModule, TrackingModule } from '@landbridge/tracking';
import { migrations } from '../../migrate/src/migrations.js';

export interface ApiOptions {
  config: AppConfig;
  databaseUrl: string;
}

interface AppModuleOptions extends ApiOptions {
  /** The process's logger, shared with Fastify's request log (createApiApp). */
  logger: Logger;
}

/** The HTTP api: the context modules behind one Fastify server. */
@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, logger }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          load: [() => ({ ...config })],
        }),
        ObservabilityModule.forRoot({ logger, http: true }),
        DatabaseModule.forRoot(
          {
            url: databaseUrl,
            poolSize: config.DATABASE_POOL_SIZE,
            applicationName: 'landbridge-api',
            ...connectionSettings(config),
          },
          migrations,
        ),
        IdempotencyModule,
        IdentityModule,
        ReferenceDataModule,
        OperationsModule,
        TrackingModule,
        ReportsModule,
        NotificationsModule,
        // `npm start` is the whole service: the worker's jobs run here unless a separate worker does them.
        ...(config.RUN_WORKER ? [RelayModule, IdempotencyPurgeModule, EtaRefreshModule] : []),
      ],
    };
  }
}
