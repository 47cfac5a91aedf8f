import { randomBytes } from 'node:crypto';
import type { Role } from '@landbridge/common';
import { TEST_ADMIN, type TestApp } from './test-app.js';

export { TEST_ADMIN };

/** A user who has not signed in, with what it takes to. */
export interface User {
  organizationId: string;
  userId: string;
  email: string;
  password: string;
  role: Role;
}

/** A user signed in: `token` is its access token. */
export interface Actor extends User {
  token: string;
}

/**
 * A new organization with one user of `role`, created by the admin, who has not signed in yet (so no
 * sign-in attempt counts for it). Exporters get an exporter organization, staff an operator one, each
 * with a unique name so tests never collide.
 */
export async function createUser(
  api: TestApp,
  role: Role,
  name = `${role} ${randomBytes(3).toString('hex')}`,
): Promise<User> {
  const admin = await api.asAdmin();
  const organization = await admin.createOrganization({ name, kind: role === 'exporter' ? 'exporter' : 'operator' });
  const email = `${role}.${randomBytes(4).toString('hex')}@example.test`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const user = await admin.createUser({ email, password, role, organizationId: organization.id });
  return { organizationId: organization.id, userId: user.id, email, password, role };
}

/** A new organization with one user of `role` (see createUser), signed in. */
export async function createActor(api: TestApp, role: Role, name?: string): Promise<Actor> {
  const user = await createUser(api, role, name);
  const { accessToken } = await api.as().signIn({ email: user.email, password: user.password });
  return { ...user, token: accessToken };
}
