import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

export interface ObservabilityOptions {
  /** The process's logger (createLogger), shared with Fastify's request log in the api. */
  logger: Logger;
  /** Adds GET /health and GET /metrics (the api app); the worker only logs and collects metrics. */
  http: boolean;
}

/** Structured JSON logs (pino) with request ids, Prometheus metrics and the health check. */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          // No Nest middleware: request lines are Fastify's own (see RequestLog in logger.ts).
          forRoutes: [],
          pinoHttp: { logger: options.logger },
        }),
        ...(options.http ? [TerminusModule.forRoot({ logger: false })] : []),
      ],
      controllers: options.http ? [HealthController, MetricsController] : [],
      providers: [MetricsService],
      exports: [MetricsService],
    };
  }
}
