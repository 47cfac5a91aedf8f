import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitedError,
  type Role,
} from '@landbridge/common';
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

/** The change would leave no admin who can sign in: another admin must be enabled (or made) first. */
export class LastActiveAdminError extends ConflictError {
  constructor(readonly userId: string) {
    super(
      'This is the last admin who is not disabled: make or enable another admin first',
      undefined,
      undefined,
      'last-active-admin',
    );
  }
}

/** `If-Match` named another version of the user than its current one. */
export class UserVersionMismatchError extends PreconditionFailedError {
  constructor(
    readonly userId: string,
    readonly version: number,
    readonly expectedVersion: number,
  ) {
    super(`User ${userId} is at version ${version}, not ${expectedVersion}; reload it and try again`);
  }
}

/** A password change whose current password is not the user's. */
export class WrongCurrentPasswordError extends InvalidInputError {
  constructor() {
    super(
      'The current password is wrong',
      [{ field: 'currentPassword', message: 'is not your current password' }],
      'wrong-current-password',
    );
  }
}

/** A password change to the password the user has already. */
export class PasswordUnchangedError extends InvalidInputError {
  constructor() {
    super(
      'The new password is the current one',
      [{ field: 'newPassword', message: 'must differ from the current password' }],
      'password-unchanged',
    );
  }
}

/** Passwords are changed by a signed-in user: a leaked API key must not be enough to take over its account. */
export class PasswordChangeNeedsSignedInUserError extends ForbiddenError {
  constructor() {
    super('A password is changed by its signed-in user (an access token), not with an API key');
  }
}

/** No user has this email (npm run admin -- reset-password). */
export class UnknownUserEmailError extends NotFoundError {
  constructor(readonly email: string) {
    super('User with email', email);
  }
}
