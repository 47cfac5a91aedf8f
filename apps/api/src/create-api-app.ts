import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  createLogger,
  createValidationPipe,
  frameworkErrorsAsProblems,
  hardenBodyParsing,
  IdempotencyInterceptor,
  MetricsService,
  ProblemDetailsFilter,
  RequestLog,
  requestIdOf,
} from '@landbridge/common';
import { registerRateLimits } from '@landbridge/identity';
import { StatusEventStream } from '@landbridge/notifications';
import { Logger } from 'nestjs-pino';
import { type ApiOptions, AppModule } from './app.module.js';

const API_PREFIX = 'api/v1';
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Builds the api application (used by main.ts and by the end-to-end tests, so both run the same
 * request path): Fastify with a 1 MiB body limit, request ids and its own request log, one validation
 * pipe, one problem-details filter, metrics and the OpenAPI document.
 */
export async function createApiApp(options: ApiOptions): Promise<NestFastifyApplication> {
  const logger = createLogger(options.config.LOG_LEVEL);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new RequestLog(`/${API_PREFIX}/`),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    trustProxy: trustedProxies(options.config.TRUST_PROXY),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors: frameworkErrorsAsProblems,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ ...options, logger }), adapter, {
    bufferLogs: true,
    bodyParser: false, // JSON parsing is ours: see hardenBodyParsing
  });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  await registerRateLimits(app, options.config.RATE_LIMIT_PER_MINUTE);

  const fastify = app.getHttpAdapter().getInstance();
  hardenBodyParsing(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  app.get(MetricsService).instrument(fastify);
  app.get(IdempotencyInterceptor).instrument(fastify);
  app.get(StatusEventStream).instrument(fastify);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Landbridge')
      .setDescription(
        'Tracking vehicle exports on the China Railway Express from Zhengzhou to Moscow. ' +
          'Errors are RFC 9457 problem details (application/problem+json).',
      )
      .setVersion('1')
      .setOpenAPIVersion('3.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An access token or an API key' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: `${API_PREFIX}/openapi.json`, raw: ['json'] });
  return app;
}

/**
 * Fastify's trustProxy from TRUST_PROXY: nobody by default (a client cannot choose its address through
 * X-Forwarded-For); a hop count trusts that many proxies nearest the api, whoever they are (only safe when
 * clients cannot reach the api directly); a list trusts only those proxy addresses or CIDRs.
 */
function trustedProxies(setting: string | undefined): false | string[] | ((address: string, hop: number) => boolean) {
  if (!setting) return false;
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  return setting.split(',').map((entry) => entry.trim());
}
