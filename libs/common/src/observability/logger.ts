import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * What never reaches the log: credentials in request headers, and the bind parameters and row values of a
 * failed query (TypeORM's QueryFailedError carries `parameters`, and PostgreSQL's `detail` quotes values,
 * e.g. "Key (email)=(…) already exists"), which may hold secrets, password hashes or personal data.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'err.parameters',
  'err.detail',
  'err.driverError.parameters',
  'err.driverError.detail',
];

/**
 * The process's one pino logger: Nest's logs (through nestjs-pino) and Fastify's request lines write
 * through it, so both carry the same level and redaction.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: REDACTED_PATHS }, destination);
}

/** A URL (or comma-separated URLs) fit for the log: user and password replaced by `***`. */
export function withoutCredentials(url: string): string {
  return url.replace(/\/\/[^/@\s]*@/g, '//***@');
}

/**
 * Fastify's request log: one line per request under the api prefix, when it completes, with the request
 * id (`reqId`), method, URL, status and time. /health, /metrics and /docs are polled or static and would
 * drown the log.
 *
 * Request lines are Fastify's own rather than nestjs-pino's middleware: that middleware runs pino-http
 * through middie and an AsyncLocalStorage around every request, which cost about a tenth of the
 * consignment lookup's throughput (bench, lookup scenario). Logs written inside a request name the
 * request id themselves where it matters (the problem-details filter does).
 */
export class RequestLog extends LogController {
  constructor(prefix: string) {
    super({ requestIdLogLabel: 'reqId', disableRequestLogging: (request) => !request.url.startsWith(prefix) });
  }

  override incomingRequest(): void {
    // One line per request, at its end.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = {
      req: { method: request.method, url: request.url },
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
