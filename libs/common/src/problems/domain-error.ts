import type { FieldError } from './problem-details.js';

/**
 * An expected failure that a client can act on. Services throw these; the problem-details filter turns
 * them into RFC 9457 responses, so no service needs to know about HTTP status codes beyond `status`.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super(404, 'not-found', 'Not Found', `${what} ${id} was not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(detail: string, errors?: FieldError[], extensions?: Record<string, unknown>) {
    super(409, 'conflict', 'Conflict', detail, errors, extensions);
  }
}

export class InvalidInputError extends DomainError {
  constructor(detail: string, errors: FieldError[]) {
    super(422, 'validation-failed', 'Unprocessable Content', detail, errors);
  }
}

export class PreconditionFailedError extends DomainError {
  constructor(detail: string) {
    super(412, 'precondition-failed', 'Precondition Failed', detail);
  }
}
