import type { FieldError } from './problem-details.js';

/**
 * The kinds of failure a client can act on, and the one mapping of each to an HTTP status, the problem's
 * title and its default slug (a named error gives its own). Errors name their kind; the problem-details
 * filter turns it into HTTP, and answers errors raised by the framework (router, body parser) by status
 * from the same table.
 */
const PROBLEM_KINDS = {
  malformed: { status: 400, title: 'Bad Request', slug: 'bad-request' },
  unauthenticated: { status: 401, title: 'Unauthorized', slug: 'unauthorized' },
  forbidden: { status: 403, title: 'Forbidden', slug: 'forbidden' },
  'not-found': { status: 404, title: 'Not Found', slug: 'not-found' },
  'method-not-allowed': { status: 405, title: 'Method Not Allowed', slug: 'method-not-allowed' },
  'not-acceptable': { status: 406, title: 'Not Acceptable', slug: 'not-acceptable' },
  conflict: { status: 409, title: 'Conflict', slug: 'conflict' },
  stale: { status: 412, title: 'Precondition Failed', slug: 'precondition-failed' },
  gone: { status: 410, title: 'Gone', slug: 'gone' },
  'too-large': { status: 413, title: 'Content Too Large', slug: 'payload-too-large' },
  'uri-too-long': { status: 414, title: 'URI Too Long', slug: 'uri-too-long' },
  'unsupported-media-type': { status: 415, title: 'Unsupported Media Type', slug: 'unsupported-media-type' },
  invalid: { status: 422, title: 'Unprocessable Content', slug: 'validation-failed' },
  'too-many-requests': { status: 429, title: 'Too Many Requests', slug: 'rate-limited' },
  unavailable: { status: 503, title: 'Service Unavailable', slug: 'service-unavailable' },
} as const satisfies Record<string, { status: number; title: string; slug: string }>;

const BY_STATUS = new Map<number, { title: string; slug: string }>(
  Object.values(PROBLEM_KINDS).map((kind) => [kind.status, kind]),
);

/** The title and default slug of a status that a kind maps to, for errors the framework raises. */
export function problemOfStatus(status: number): { title: string; slug: string } | undefined {
  return BY_STATUS.get(status);
}

export type ProblemKind = keyof typeof PROBLEM_KINDS;

/**
 * An expected failure that a client can act on. Each context defines named errors (VinAlreadyLoadedError,
 * TrainNotDepartedError …) that carry their facts as properties; `slug` names the problem type
 * (https://landbridge.dev/problems/<slug>), `errors` the fields at fault, and `extensions` anything else
 * the problem reports (`retryAfter` becomes the Retry-After header).
 */
export abstract class DomainError extends Error {
  protected constructor(
    readonly kind: ProblemKind,
    readonly slug: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail);
    this.name = new.target.name;
  }

  get status(): number {
    return PROBLEM_KINDS[this.kind].status;
  }

  get title(): string {
    return PROBLEM_KINDS[this.kind].title;
  }
}

export class NotFoundError extends DomainError {
  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super('not-found', 'not-found', `${what} ${id} was not found`);
  }
}

/** A request that contradicts the current state; named errors extend it with their own slug. */
export class ConflictError extends DomainError {
  constructor(detail: string, errors?: FieldError[], extensions?: Record<string, unknown>, slug = 'conflict') {
    super('conflict', slug, detail, errors, extensions);
  }
}

/** Well-formed input with invalid values, naming each field; named errors extend it with their own slug. */
export class InvalidInputError extends DomainError {
  constructor(detail: string, errors: FieldError[], slug = 'validation-failed', extensions?: Record<string, unknown>) {
    super('invalid', slug, detail, errors, extensions);
  }
}

export class PreconditionFailedError extends DomainError {
  constructor(detail: string) {
    super('stale', 'precondition-failed', detail);
  }
}

export class MalformedRequestError extends DomainError {
  constructor(detail: string, slug = 'malformed-json') {
    super('malformed', slug, detail);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(detail = 'Missing, invalid or expired credentials') {
    super('unauthenticated', 'unauthorized', detail);
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail: string) {
    super('forbidden', 'forbidden', detail);
  }
}

/** Too many requests of some kind; the client may retry after `retryAfter` seconds. */
export class RateLimitedError extends DomainError {
  constructor(
    detail: string,
    readonly retryAfter: number,
  ) {
    super('too-many-requests', 'rate-limited', detail, undefined, { retryAfter });
  }
}

/** The service cannot take this now (a resource of the process is exhausted); retry after `retryAfter`. */
export class UnavailableError extends DomainError {
  constructor(
    detail: string,
    readonly retryAfter: number,
  ) {
    super('unavailable', 'service-unavailable', detail, undefined, { retryAfter });
  }
}
