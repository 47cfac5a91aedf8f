import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { type AppConfig, IdempotencyModule, IdempotencyPurgeModule, ObservabilityModule } from '@landbridge/common';
import { DatabaseModule } from '@landbridge/database';
import { IdentityModule } from '@landbridge/identity';
import { OperationsModule } from '@landbridge/operations';
import { NotificationsModule, RelayModule } from '@landbridge/notifications';
import { ReferenceDataModule } from '@landbridge/reference-data';
import { ReportsModule } from '@landbridge/reports';
import { TrackingModule } from '@landbridge/tracking';

export interface ApiOptions {
  config: AppConfig;
  databaseUrl: string;
}

/** The HTTP api: the context modules behind one Fastify server. */
@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl }: ApiOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          load: [() => ({ ...config })],
        }),
        ObservabilityModule.forRoot({ logLevel: config.LOG_LEVEL, http: true }),
        DatabaseModule.forRoot({
          url: databaseUrl,
          poolSize: config.DATABASE_POOL_SIZE,
          applicationName: 'landbridge-api',
        }),
        IdempotencyModule,
        IdentityModule,
        ReferenceDataModule,
        OperationsModule,
        TrackingModule,
        ReportsModule,
        NotificationsModule,
        // `npm start` is the whole service: the worker's jobs run here unless a separate worker does them.
        ...(config.RUN_WORKER ? [RelayModule, IdempotencyPurgeModule] : []),
      ],
    };
  }
}
