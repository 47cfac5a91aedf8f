import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ConflictError, InvalidInputError, isUniqueViolation, NotFoundError } from '@landbridge/common';
import { Repository } from 'typeorm';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../auth/password-hasher.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { CreateUserDto, UserDto } from './user.dto.js';
import { User } from './user.entity.js';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly organizations: OrganizationsService,
  ) {}

  /** A user of an organization: exporters belong to exporter organizations, staff to operator ones. */
  async create(input: CreateUserDto): Promise<UserDto> {
    const organization = await this.organizations.get(input.organizationId).catch((error: unknown) => {
      if (error instanceof NotFoundError) {
        throw new InvalidInputError('The organization does not exist', [
          { field: 'organizationId', message: 'no organization with this id' },
        ]);
      }
      throw error;
    });
    const fits = input.role === 'exporter' ? organization.kind === 'exporter' : organization.kind === 'operator';
    if (!fits) {
      const home =
        input.role === 'exporter' ? 'an exporter organization' : 'an operator organization (such as Landbridge)';
      throw new InvalidInputError(
        `The role ${input.role} belongs in ${home}, not in an ${organization.kind} organization`,
        [{ field: 'role', message: `is not allowed in an ${organization.kind} organization` }],
      );
    }
    try {
      const user = await this.users.save(
        this.users.create({
          email: input.email.toLowerCase(),
          passwordHash: await hashPassword(input.password),
          role: input.role,
          organizationId: organization.id,
        }),
      );
      return toDto(user);
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_unique')) {
        throw new ConflictError(`A user with email ${input.email} already exists`);
      }
      throw error;
    }
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundError('User', id);
    return toDto(user);
  }

  /**
   * The user with this email and password, or undefined. An unknown email costs the same hash
   * verification as a wrong password, so timing does not tell which emails exist.
   */
  async authenticate(email: string, password: string): Promise<User | undefined> {
    const user = await this.users.findOneBy({ email: email.toLowerCase() });
    const valid = await verifyPassword(user?.passwordHash ?? UNKNOWN_USER_HASH, password);
    return user && valid ? user : undefined;
  }
}

function toDto({ id, email, role, organizationId }: User): UserDto {
  return { id, email, role, organizationId };
}
