import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { type AppConfig, createLogger, IdempotencyPurgeModule, ObservabilityModule } from '@landbridge/common';
import { connectionSettings, DatabaseModule } from '@landbridge/database';
import { RelayModule } from '@landbridge/notifications';
import { EtaRefreshModule } from '@landbridge/tracking';
import { migrations } from '../../migrate/src/migrations.js';

export interface WorkerOptions {
  config: AppConfig;
  databaseUrl: string;
}

/** Background work (outbox relay, webhook delivery, broker publishing, the ETA's profiles) runs here, outside the api. */
@Module({})
export class WorkerModule {
  static forRoot({ config, databaseUrl }: WorkerOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          load: [() => ({ ...config })],
        }),
        ObservabilityModule.forRoot({ logger: createLogger(config.LOG_LEVEL), http: false }),
        DatabaseModule.forRoot(
          { url: databaseUrl, poolSize: 4, applicationName: 'landbridge-worker', ...connectionSettings(config) },
          migrations,
        ),
        RelayModule,
        IdempotencyPurgeModule,
        EtaRefreshModule,
      ],
    };
  }
}
