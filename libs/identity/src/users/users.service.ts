import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@landbridge/common';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../auth/password-hasher.js';
import { EmailTakenError, OrganizationKindMismatchError, UnknownOrganizationError } from '../identity-errors.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { CreateUserDto, UserDto } from './user.dto.js';
import { type UserRecord, UsersRepository } from './users.repository.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsService,
  ) {}

  /** A user of an organization: exporters belong to exporter organizations, staff to operator ones. */
  async create(input: CreateUserDto): Promise<UserDto> {
    const organization = await this.organizations.get(input.organizationId).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new UnknownOrganizationError(input.organizationId);
      throw error;
    });
    const fits = input.role === 'exporter' ? organization.kind === 'exporter' : organization.kind === 'operator';
    if (!fits) throw new OrganizationKindMismatchError(input.role, organization.kind);
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

  /**
   * The user with this email and password, or undefined. An unknown email costs the same hash
   * verification as a wrong password, so timing does not tell which emails exist.
   */
  async authenticate(email: string, password: string): Promise<UserRecord | undefined> {
    const found = await this.users.findWithPasswordHash(email.toLowerCase());
    const valid = await verifyPassword(found?.passwordHash ?? UNKNOWN_USER_HASH, password);
    if (!found || !valid) return undefined;
    const { passwordHash: _hash, ...user } = found;
    return user;
  }
}
