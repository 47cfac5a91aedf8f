import { randomUUID } from 'node:crypto';
import type { Caller, Role } from '@landbridge/common';
import type { DataSource } from 'typeorm';
import type { OrganizationKind } from '../../../libs/identity/src/organizations/organization.entity.js';
import { OrganizationsRepository } from '../../../libs/identity/src/organizations/organizations.repository.js';
import { type UserRecord, UsersRepository } from '../../../libs/identity/src/users/users.repository.js';

/** A new organization of this kind, with a unique name. */
export async function anOrganization(db: DataSource, kind: OrganizationKind = 'exporter'): Promise<string> {
  const created = await new OrganizationsRepository(db).insert({ name: `Organization ${randomUUID()}`, kind });
  return created!.id;
}

/** A new user of this role, in a new organization of the kind the role belongs in. */
export async function aUser(db: DataSource, role: Role = 'exporter'): Promise<UserRecord> {
  const organizationId = await anOrganization(db, role === 'exporter' ? 'exporter' : 'operator');
  const user = await new UsersRepository(db).insert({
    email: `${randomUUID()}@example.com`,
    passwordHash: 'not-a-real-hash',
    role,
    organizationId,
  });
  return user!;
}

/** The caller that a user is when signed in with an access token. */
export function asCaller({ id, role, organizationId }: UserRecord): Caller {
  return { userId: id, role, organizationId, credential: { kind: 'token' } };
}
