import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

export interface ObservabilityOptions {
  logLevel: string;
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
          // Requests under the api prefix only: /health and /metrics are polled and would drown the log.
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: options.logLevel,
            // Fastify already assigned the id (see createHttpAdapter); reuse it in every log line.
            genReqId: (request) => (request as { id?: string }).id ?? 'none',
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
            },
          },
        }),
        ...(options.http ? [TerminusModule.forRoot({ logger: false })] : []),
      ],
      controllers: options.http ? [HealthController, MetricsController] : [],
      providers: [MetricsService],
      exports: [MetricsService],
    };
  }
}
