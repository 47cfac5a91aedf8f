import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type DatabaseScope, STAFF_SCOPE } from '../database/database-scope.js';
import type { Role } from './role.js';

/** Who is calling: set on the request by the access guard from a token or an API key. */
export interface Caller {
  userId: string;
  role: Role;
  organizationId: string;
  /** How the caller authenticated: an access token, or an API key (its id). */
  credential: { kind: 'token' } | { kind: 'api-key'; keyId: string };
}

/**
 * The principal a caller acts as, for limits and idempotency keys: its API key when it used one, else its
 * user (an API key acts with its creator's role, but is a principal of its own).
 */
export function principalOf(caller: Caller): string {
  return `${caller.credential.kind === 'api-key' ? 'key' : 'user'}:${principalIdOf(caller)}`;
}

/** The id (a UUID) of the principal a caller acts as: its API key's, or its user's. */
export function principalIdOf(caller: Caller): string {
  return caller.credential.kind === 'api-key' ? caller.credential.keyId : caller.userId;
}

export function isStaff(caller: Caller): boolean {
  return caller.role === 'admin' || caller.role === 'operator';
}

/**
 * The organization whose rows this caller may see, or `undefined` for staff who see all. Every query an
 * exporter can reach goes through it (as a TenantScope, see tenant-scope.ts).
 */
export function ownerScope(caller: Caller): string | undefined {
  return isStaff(caller) ? undefined : caller.organizationId;
}

/** The database scope of a caller's statements (row-level security): staff see all, an exporter its own. */
export function databaseScopeOf(caller: Caller): DatabaseScope {
  return isStaff(caller) ? STAFF_SCOPE : { kind: 'exporter', organizationId: caller.organizationId };
}

export const CALLER = Symbol('landbridge:caller');

/** The authenticated caller of this request (only on routes that are not public). */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<{ [CALLER]?: Caller }>();
  const caller = request[CALLER];
  if (!caller) throw new Error('CurrentCaller used on a route that has no authenticated caller');
  return caller;
});
