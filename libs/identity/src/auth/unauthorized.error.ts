import { DomainError } from '@landbridge/common';

/** 401: the same answer for every kind of bad credential, so it tells an attacker nothing. */
export class UnauthorizedError extends DomainError {
  constructor(detail = 'Missing, invalid or expired credentials') {
    super(401, 'unauthorized', 'Unauthorized', detail);
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}
