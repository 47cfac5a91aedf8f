import { ConflictError, ForbiddenError, InvalidInputError, RateLimitedError, type Role } from '@landbridge/common';
import type { OrganizationKind } from './organizations/organization.entity.js';

/** Organization names are unique regardless of case. */
export class OrganizationNameTakenError extends ConflictError {
  constructor(readonly organizationName: string) {
    super(`An organization named ${organizationName} already exists`, undefined, undefined, 'organization-name-taken');
  }
}

/** A user must belong to an organization that exists. */
export class UnknownOrganizationError extends InvalidInputError {
  constructor(readonly organizationId: string) {
    super(
      'The organization does not exist',
      [{ field: 'organizationId', message: 'no organization with this id' }],
      'unknown-organization',
    );
  }
}

/** Exporters belong to exporter organizations, staff (operators and admins) to operator ones. */
export class OrganizationKindMismatchError extends InvalidInputError {
  constructor(
    readonly role: Role,
    readonly organizationKind: OrganizationKind,
  ) {
    const home = role === 'exporter' ? 'an exporter organization' : 'an operator organization (such as Landbridge)';
    super(
      `The role ${role} belongs in ${home}, not in an ${organizationKind} organization`,
      [{ field: 'role', message: `is not allowed in an ${organizationKind} organization` }],
      'organization-kind-mismatch',
    );
  }
}

/** Emails are unique regardless of case. */
export class EmailTakenError extends ConflictError {
  constructor(readonly email: string) {
    super(`A user with email ${email} already exists`, undefined, undefined, 'email-taken');
  }
}

/** Only a signed-in user creates API keys: a key minted by another key would outlive its parent's revocation. */
export class ApiKeyNeedsSignedInUserError extends ForbiddenError {
  constructor() {
    super('API keys are created by a signed-in user (an access token), not by another API key');
  }
}

/** An account that failed to sign in too often in the current window; retry after `retryAfter` seconds. */
export class TooManySignInsError extends RateLimitedError {
  constructor(retryAfter: number) {
    super(`Too many failed sign-ins to this account; retry in ${retryAfter} s`, retryAfter);
  }
}
