import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import {
  completeOpenApiDocument,
  createLogger,
  FieldErrorDto,
  createValidationPipe,
  frameworkErrorsAsProblems,
  hardenBodyParsing,
  registerSpreadsheetUploads,
  IdempotencyInterceptor,
  inRequestScope,
  MetricsService,
  ProblemDetailsFilter,
  ProblemDto,
  RequestLog,
  requestIdOf,
} from '@landbridge/common';
import { registerRateLimits } from '@landbridge/identity';
import { StatusEventStream } from '@landbridge/notifications';
import { Logger } from 'nestjs-pino';
import { type ApiOptions, AppModule } from './app.module.js';

const API_PREFIX = 'api/v1';
const BODY_LIMIT_BYTES = 1024 * 1024;
const MAX_PARAM_LENGTH = 200;

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
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorsAsProblems,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ ...options, logger }), adapter, {
    bufferLogs: true,
    bodyParser: false, // JSON parsing is ours: see hardenBodyParsing
  });
  app.useLogger(app.get(Logger));
  // The public tracking links live at /track/<token>, outside the API's path.
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      'health',
      'metrics',
      { path: 'track/:token', method: RequestMethod.GET },
      { path: 'track/:token/data', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  await registerRateLimits(app, options.config.RATE_LIMIT_PER_MINUTE);

  const fastify = app.getHttpAdapter().getInstance();
  hardenBodyParsing(fastify);
  await registerSpreadsheetUploads(fastify);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  // Each request's statements run with its database scope (row-level security): none until the access guard
  // knows the caller. Set before the handler, after the body is read (whose stream events lose the context).
  fastify.addHook('preHandler', (_request, _reply, done) => inRequestScope(done));
  app.get(MetricsService).instrument(fastify);
  app.get(IdempotencyInterceptor).instrument(fastify);
  app.get(StatusEventStream).instrument(fastify);

  const document = completeOpenApiDocument(
    SwaggerModule.createDocument(app, openApiConfig(), { extraModels: [ProblemDto, FieldErrorDto] }),
    { bodyLimitBytes: BODY_LIMIT_BYTES, maxParamLength: MAX_PARAM_LENGTH },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: `${API_PREFIX}/openapi.json`, raw: ['json'] });
  return app;
}

/** What the OpenAPI document says of the service as a whole, for an integrator reading it first. */
function openApiConfig(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('Landbridge')
    .setDescription(API_DESCRIPTION)
    .setVersion('1')
    .setOpenAPIVersion('3.1.0')
    .addServer('/', 'This service (the paths include /api/v1)')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'An access token (POST /api/v1/auth/token) or an API key (lb_…)',
    })
    .addTag('identity', 'Signing in, organizations, users and API keys')
    .addTag(
      'reference data',
      'Stations and routes of the corridor (seeded with Zhengzhou – Moscow via Erenhot, Manzhouli and Alashankou)',
    )
    .addTag(
      'operations',
      'Trains, consignments with their vehicles, loadings; and the health and metrics of the service',
    )
    .addTag('tracking', 'What happens on the way: train and consignment events, the timeline')
    .addTag('status updates', 'Each change of a consignment status: the feed, the server-sent event stream, webhooks')
    .addTag('reports', 'Export figures by month, quarter or year')
    .build();
}

const API_DESCRIPTION = `Tracks vehicles exported on China Railway Express trains from Zhengzhou to Moscow: trains, the consignments
and vehicles (by VIN) they carry, in which container or wagon, what happens on the way, and the status updates exporters receive.

**Access.** Send \`Authorization: Bearer <token>\` with an access token from \`POST /api/v1/auth/token\` (15 minutes) or an API key
(\`lb_…\`, from \`POST /api/v1/api-keys\`). Each operation lists its roles (\`x-roles\`): \`admin\` (everything), \`operator\`
(terminal staff: trains, loadings, events, every consignment), \`exporter\` (its own organization's data only: another
organization's consignment, vehicle or webhook answers 404, as if it did not exist).

**Errors** are RFC 9457 problem details (\`application/problem+json\`, the Problem schema): branch on \`type\`; \`errors[]\` names each
field at fault. 400 malformed JSON or URL · 401 no or bad credentials · 403 role not allowed · 404 not found or not yours ·
409 conflict with the current state · 412 stale If-Match · 413 body over 1 MiB · 414 path parameter too long · 415 not JSON ·
422 invalid values (unknown properties included) · 429 rate limited (Retry-After) · 503 a limit of the process (Retry-After).
A 5xx other than 503 is a bug: quote the X-Request-Id header of the answer.

**Conventions.** JSON in camelCase; times RFC 3339 with an offset in, UTC out; money \`{ "amount": "152000.00", "currency": "CNY" }\`
with a decimal string. Lists are keyset-paginated: \`?limit=\` (1–200, default 50) and \`?cursor=\` from the previous page's
\`nextCursor\` (null on the last page). Identifiers (VIN, waybill, container and wagon numbers) are upper-cased on input and
checked with their check digits.

**Writes** accept an \`Idempotency-Key\` header: a retry with the same key and request within 24 h replays the first answer.
Resources with a \`version\` answer an \`ETag\`; send it back as \`If-Match\` to update only the version you read (412 otherwise).`;

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
