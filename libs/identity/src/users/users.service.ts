import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { afterCommit, noteAudit, NotFoundError, type Page, type Role } from '@landbridge/common';
import { DataSource } from 'typeorm';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../auth/password-hasher.js';
import { UserStateCache } from '../auth/user-state-cache.js';
import {
  EmailTakenError,
  LastActiveAdminError,
  OrganizationKindMismatchError,
  UnknownOrganizationError,
  UserVersionMismatchError,
} from '../identity-errors.js';
import type { OrganizationKind } from '../organizations/organization.entity.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { CreateUserDto, UpdateUserDto, UserDto } from './user.dto.js';
import { type UserCredentials, UsersRepository } from './users.repository.js';

/** A user who has just proved its password: who it is, and the generation of the tokens to issue it. */
export type AuthenticatedUser = Omit<UserCredentials, 'passwordHash'>;

/** Exporters belong to exporter organizations, staff (operators and admins) to operator ones. */
function fitsOrganization(role: Role, kind: OrganizationKind): boolean {
  return role === 'exporter' ? kind === 'exporter' : kind === 'operator';
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly states: UserStateCache,
  ) {}

  /** A user of an organization: exporters belong to exporter organizations, staff to operator ones. */
  async create(input: CreateUserDto): Promise<UserDto> {
    const organization = await this.organizations.get(input.organizationId).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new UnknownOrganizationError(input.organizationId);
      throw error;
    });
    if (!fitsOrganization(input.role, organization.kind)) {
      throw new OrganizationKindMismatchError(input.role, organization.kind);
    }
    const user = await this.users.insert({
      email: input.email.toLowerCase(),
      passwordHash: await hashPassword(input.password),
      role: input.role,
      organizationId: organization.id,
    });
    if (!user) throw new EmailTakenError(input.email);
    return user;
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  /** Every user (or an organization's) by email, disabled ones included. */
  list(organizationId: string | undefined, limit: number, cursor?: string): Promise<Page<UserDto>> {
    return this.users.page(organizationId, limit, cursor);
  }

  /**
   * Changes a user's role or disables (enables) it; with `expectedVersion` only from that version (412
   * otherwise). The role must fit the user's organization, and the last admin who is not disabled stays
   * so (409). The change applies to the user's tokens and API keys from the next request on: in this
   * process at once, in the others when the database's notification reaches them (UserStateCache).
   */
  async update(id: string, input: UpdateUserDto, expectedVersion?: number): Promise<UserDto> {
    const updated = await this.dataSource.transaction(async (em) => {
      const user = await this.users.lockForAccessChange(em, id);
      if (!user) throw new NotFoundError('User', id);
      noteAudit({ before: { role: user.role, disabled: user.disabled } });
      if (expectedVersion !== undefined && user.version !== expectedVersion) {
        throw new UserVersionMismatchError(id, user.version, expectedVersion);
      }
      const role = input.role ?? user.role;
      const disabled = input.disabled ?? user.disabled;
      if (role === user.role && disabled === user.disabled) return user;
      if (role !== user.role) {
        const organization = await this.organizations.get(user.organizationId, em);
        if (!fitsOrganization(role, organization.kind))
          throw new OrganizationKindMismatchError(role, organization.kind);
      }
      const wasActiveAdmin = user.role === 'admin' && !user.disabled;
      const staysActiveAdmin = role === 'admin' && !disabled;
      if (wasActiveAdmin && !staysActiveAdmin && (await this.users.countActiveAdmins(em)) <= 1) {
        throw new LastActiveAdminError(id);
      }
      return this.users.changeAccess(em, id, { role, disabled });
    });
    afterCommit(() => this.states.forget(id));
    return updated;
  }

  /**
   * The user with this email and password, unless it is disabled; else undefined. An unknown email costs
   * the same hash verification as a wrong password, and a disabled user gets the same answer, so neither
   * timing nor answer tells which emails exist or are disabled.
   */
  async authenticate(email: string, password: string): Promise<AuthenticatedUser | undefined> {
    const found = await this.users.findCredentials(email.toLowerCase());
    const valid = await verifyPassword(found?.passwordHash ?? UNKNOWN_USER_HASH, password);
    if (!found || !valid || found.disabled) return undefined;
    const { passwordHash: _hash, ...user } = found;
    return user;
  }
}
