import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReplayedResponse } from '../idempotency/replayed-response.js';
import { DomainError, problemOfStatus, UnavailableError } from './domain-error.js';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemType } from './problem-details.js';

/** Fastify's own error codes that deserve a more precise answer than their status alone. */
const FASTIFY_CODES: Record<string, { slug: string; title: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    slug: 'malformed-json',
    title: 'Malformed JSON',
    detail: 'The request body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    slug: 'malformed-json',
    title: 'Malformed JSON',
    detail: 'The request declares a JSON body but sends none',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    slug: 'payload-too-large',
    title: 'Content Too Large',
    detail: 'The request body is larger than the limit',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    slug: 'unsupported-media-type',
    title: 'Unsupported Media Type',
    detail: 'Send the request body as application/json',
  },
};

/** pg-pool's error when no connection came free within the pool's connectionTimeoutMillis. */
const POOL_TIMEOUT = 'timeout exceeded when trying to connect';
/** Seconds a client refused for a full pool is told to wait. */
const POOL_RETRY_AFTER_SECONDS = 1;

/**
 * A busy database (every pooled connection in use for longer than the wait for one) is a passing
 * overload, answered 503 with Retry-After, not a bug.
 */
function asDomainError(exception: unknown): unknown {
  if (exception instanceof Error && exception.message.includes(POOL_TIMEOUT)) {
    return new UnavailableError('The database is busy; retry shortly', POOL_RETRY_AFTER_SECONDS);
  }
  return exception;
}

/**
 * The one place where errors become responses: RFC 9457 problem+json for every status, never a stack
 * trace in the body. Anything that is not a known error is a bug: logged with the request id, answered 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(thrown: unknown, host: ArgumentsHost): void {
    const exception = asDomainError(thrown);
    const context = host.switchToHttp();
    const request = context.getRequest<FastifyRequest>();
    const reply = context.getResponse<FastifyReply>();
    if (exception instanceof ReplayedResponse) {
      void reply
        .status(exception.status)
        .headers(exception.headers)
        .header('Idempotent-Replayed', 'true')
        .send(exception.body);
      return;
    }
    const problem = this.toProblem(exception, request);
    // A DomainError of 5xx is an expected refusal (a process full of streams: 503), not a bug.
    if (problem.status >= 500 && !(exception instanceof DomainError)) {
      this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
    } else if (exception !== thrown) {
      this.logger.warn({ err: thrown, requestId: request.id }, 'database pool exhausted');
    }
    if (reply.sent) return;
    const retryAfter = problem.retryAfter;
    if (problem.status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="landbridge"');
    if (typeof retryAfter === 'number') {
      void reply.header('Retry-After', String(retryAfter));
      delete problem.retryAfter;
    }
    void reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(problem);
  }

  private toProblem(exception: unknown, request: FastifyRequest): ProblemDetails {
    if (exception instanceof DomainError) {
      return {
        type: problemType(exception.slug),
        title: exception.title,
        status: exception.status,
        detail: exception.message,
        ...(exception.errors ? { errors: exception.errors } : {}),
        ...exception.extensions,
      };
    }
    if (exception instanceof HttpException) {
      return this.fromHttpException(exception, request);
    }
    return {
      type: problemType('internal-error'),
      title: 'Internal Server Error',
      status: 500,
      detail: `An unexpected error occurred; quote request id ${String(request.id)} when reporting it`,
    };
  }

  private fromHttpException(exception: HttpException, request: FastifyRequest): ProblemDetails {
    const status = exception.getStatus();
    const cause = exception.cause as { code?: string } | undefined;
    const known = cause?.code ? FASTIFY_CODES[cause.code] : undefined;
    if (known) {
      return { type: problemType(known.slug), title: known.title, status, detail: known.detail };
    }
    const response = exception.getResponse();
    const body = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const generic = problemOfStatus(status) ?? { slug: `http-${status}`, title: exception.name };
    const detail =
      status === 404 && !body.detail
        ? `No resource at ${request.method} ${request.url.split('?')[0]}`
        : typeof body.detail === 'string'
          ? body.detail
          : typeof body.message === 'string'
            ? body.message
            : exception.message;
    const problem: ProblemDetails = {
      type: problemType(typeof body.slug === 'string' ? body.slug : generic.slug),
      title: generic.title,
      status,
      detail,
    };
    if (Array.isArray(body.errors)) problem.errors = body.errors as ProblemDetails['errors'];
    if (typeof body.retryAfter === 'number') problem.retryAfter = body.retryAfter;
    return problem;
  }
}
