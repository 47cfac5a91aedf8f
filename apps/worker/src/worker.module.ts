import { type DynamicModule, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { type AppConfig, ObservabilityModule } from '@landbridge/common';
import { DatabaseModule } from '@landbridge/database';

export interface WorkerOptions {
  config: AppConfig;
  databaseUrl: string;
}

@Injectable()
class WorkerStatus implements OnApplicationBootstrap {
  private readonly logger = new Logger('Worker');

  onApplicationBootstrap(): void {
    this.logger.log('connected to the database; no background jobs are registered yet, idle');
  }
}

/** Background work (outbox relay, webhook delivery, broker publishing) runs here, outside the api. */
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
        ObservabilityModule.forRoot({ logLevel: config.LOG_LEVEL, http: false }),
        DatabaseModule.forRoot({ url: databaseUrl, poolSize: 4, applicationName: 'landbridge-worker' }),
      ],
      providers: [WorkerStatus],
    };
  }
}
