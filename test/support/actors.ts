import { randomBytes } from 'node:crypto';
import type { Role } from '@landbridge/common';
import type { TestApp } from './test-app.js';

export const TEST_ADMIN = { email: 'admin@landbridge.test', password: 'correct-horse-battery-staple' };

export interface Actor {
  organizationId: string;
  userId: string;
  email: string;
  password: string;
  role: Role;
  token: string;
}

export async function signIn(request: TestApp['request'], email: string, password: string): Promise<string> {
  const response = await request('/api/v1/auth/token', { method: 'POST', json: { email, password } });
  if (response.status !== 200)
    throw new Error(`sign-in of ${email} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function created<T>(response: Response): Promise<T> {
  if (response.status !== 201) throw new Error(`expected 201, got ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * A new organization with one user of `role`, signed in. Exporters get an exporter organization, staff
 * an operator one, each with a unique name so tests never collide.
 */
export async function createActor(
  api: TestApp,
  role: Role,
  name = `${role} ${randomBytes(3).toString('hex')}`,
): Promise<Actor> {
  const admin = await api.adminToken();
  const organization = await created<{ id: string }>(
    await api.request('/api/v1/organizations', {
      method: 'POST',
      token: admin,
      json: { name, kind: role === 'exporter' ? 'exporter' : 'operator' },
    }),
  );
  const email = `${role}.${randomBytes(4).toString('hex')}@example.test`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const user = await created<{ id: string }>(
    await api.request('/api/v1/users', {
      method: 'POST',
      token: admin,
      json: { email, password, role, organizationId: organization.id },
    }),
  );
  return {
    organizationId: organization.id,
    userId: user.id,
    email,
    password,
    role,
    token: await signIn(api.request, email, password),
  };
}
