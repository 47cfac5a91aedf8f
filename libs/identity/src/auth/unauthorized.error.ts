import { ForbiddenError, UnauthenticatedError } from '@landbridge/common';

/** 401: the same answer for every kind of bad credential, so it tells an attacker nothing. */
export { UnauthenticatedError as UnauthorizedError, ForbiddenError };
