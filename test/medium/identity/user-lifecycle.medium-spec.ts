import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { verifyPassword } from '../../../libs/identity/src/auth/password-hasher.js';
import { SignInAttemptsRepository } from '../../../libs/identity/src/auth/sign-in-attempts.repository.js';
import { UserStateCache } from '../../../libs/identity/src/auth/user-state-cache.js';
import {
  LastActiveAdminError,
  OrganizationKindMismatchError,
  UnknownUserEmailError,
  UserVersionMismatchError,
} from '../../../libs/identity/src/identity-errors.js';
import { OrganizationsRepository } from '../../../libs/identity/src/organizations/organizations.repository.js';
import { OrganizationsService } from '../../../libs/identity/src/organizations/organizations.service.js';
import { AdminBootstrapService } from '../../../libs/identity/src/users/admin-bootstrap.service.js';
import { PasswordResetService } from '../../../libs/identity/src/users/password-reset.service.js';
import { UsersRepository } from '../../../libs/identity/src/users/users.repository.js';
import { UsersService } from '../../../libs/identity/src/users/users.service.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { anOrganization } from './identity-fixtures.js';
import { eventually } from '../../support/eventually.js';

const PASSWORD = 'correct horse battery staple';

/** The identity services on a fresh database of their own. */
async function identityOn() {
  const db = await openMediumDatabase();
  const users = new UsersRepository(db.dataSource);
  const states = new UserStateCache(db.dataSource, users);
  const service = new UsersService(
    users,
    new OrganizationsService(new OrganizationsRepository(db.dataSource)),
    db.dataSource,
    states,
  );
  /** A new user of this role with the password PASSWORD, in a new organization of the kind it belongs in. */
  const aUser = async (role: 'admin' | 'operator' | 'exporter') =>
    service.create({
      email: `${role}.${randomUUID()}@example.com`,
      password: PASSWORD,
      role,
      organizationId: await anOrganization(db.dataSource, role === 'exporter' ? 'exporter' : 'operator'),
    });
  const close = async () => {
    await states.onModuleDestroy();
    await db.close();
  };
  return { db, users, states, service, aUser, close };
}

describe("changing a user's role or disabling it", () => {
  let identity: Awaited<ReturnType<typeof identityOn>>;
  beforeAll(async () => {
    identity = await identityOn();
  });
  afterAll(() => identity.close());

  it('gives a user a role that fits its organization, moving its version, and refuses one that does not (422)', async () => {
    const { service, aUser } = identity;
    const operator = await aUser('operator');
    expect(await service.update(operator.id, { role: 'admin' })).toEqual({ ...operator, role: 'admin', version: 2 });
    // Nothing to change: nothing changes, not even the version.
    expect(await service.update(operator.id, { role: 'admin', disabled: false })).toMatchObject({ version: 2 });
    expect(await service.update(operator.id, {})).toMatchObject({ version: 2 });

    const misplaced = service.update(operator.id, { role: 'exporter' });
    await expect(misplaced).rejects.toBeInstanceOf(OrganizationKindMismatchError);
    await expect(misplaced).rejects.toMatchObject({ status: 422, errors: [{ field: 'role' }] });
    expect(await service.get(operator.id)).toMatchObject({ role: 'admin', version: 2 });
  });

  it('disables a user (no sign-in, earlier tokens invalid for good) and enables it again', async () => {
    const { service, users, aUser } = identity;
    const exporter = await aUser('exporter');
    expect(await service.authenticate(exporter.email, PASSWORD)).toMatchObject({ tokenGeneration: 0 });

    expect(await service.update(exporter.id, { disabled: true })).toMatchObject({ disabled: true, version: 2 });
    expect(await service.authenticate(exporter.email, PASSWORD)).toBeUndefined();
    expect(await users.findState(exporter.id)).toMatchObject({ disabled: true, tokenGeneration: 1 });

    // Enabled again: it signs in, but tokens issued before it was disabled stay invalid.
    expect(await service.update(exporter.id, { disabled: false })).toMatchObject({ disabled: false, version: 3 });
    expect(await service.authenticate(exporter.email, PASSWORD)).toMatchObject({ tokenGeneration: 1 });
  });

  it('changes a user only from the version If-Match names (412 otherwise), and an unknown one is 404', async () => {
    const { service, aUser } = identity;
    const exporter = await aUser('exporter');
    await service.update(exporter.id, { disabled: true }, 1);
    const stale = service.update(exporter.id, { disabled: false }, 1);
    await expect(stale).rejects.toBeInstanceOf(UserVersionMismatchError);
    await expect(stale).rejects.toMatchObject({ status: 412, version: 2, expectedVersion: 1 });
    await expect(service.update(randomUUID(), { disabled: true })).rejects.toMatchObject({ status: 404 });
  });
});

describe('the last admin who is not disabled', () => {
  let identity: Awaited<ReturnType<typeof identityOn>>;
  beforeAll(async () => {
    identity = await identityOn();
  });
  afterAll(() => identity.close());

  it('stays so (409), even when two admins disable each other at the same moment', async () => {
    const { service, aUser } = identity;
    const [first, second] = [await aUser('admin'), await aUser('admin')];
    const outcomes = await Promise.allSettled([
      service.update(first.id, { disabled: true }),
      service.update(second.id, { disabled: true }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected')!;
    expect(refused.reason).toBeInstanceOf(LastActiveAdminError);
    expect(refused.reason).toMatchObject({ status: 409, slug: 'last-active-admin' });

    const last = outcomes[0].status === 'rejected' ? first : second;
    await expect(service.update(last.id, { role: 'operator' })).rejects.toBeInstanceOf(LastActiveAdminError);
    await expect(service.update(last.id, { disabled: true })).rejects.toBeInstanceOf(LastActiveAdminError);

    // With another active admin it may go.
    await aUser('admin');
    expect(await service.update(last.id, { role: 'operator', disabled: true })).toMatchObject({
      role: 'operator',
      disabled: true,
    });
  });
});

describe('the per-process memory of user states', () => {
  let identity: Awaited<ReturnType<typeof identityOn>>;
  beforeAll(async () => {
    identity = await identityOn();
  });
  afterAll(() => identity.close());

  it('answers from memory once listening, and forgets a user changed anywhere when the database says so', async () => {
    const { db, users, states, aUser } = identity;
    const user = await aUser('exporter');
    const reads = jest.spyOn(users, 'findState');
    // The first reads open the LISTEN connection; from then on the state is remembered.
    await eventually(async () => {
      reads.mockClear();
      await states.get(user.id);
      return reads.mock.calls.length === 0;
    });
    expect(await states.get(user.id)).toEqual({
      role: 'exporter',
      organizationId: user.organizationId,
      disabled: false,
      tokenGeneration: 0,
    });
    expect(reads).not.toHaveBeenCalled();

    // Changed by something else than this process (another api process, npm run admin, psql).
    await db.dataSource.query('UPDATE users SET disabled = true WHERE id = $1', [user.id]);
    await eventually(async () => (await states.get(user.id))?.disabled === true);
    reads.mockRestore();
  });

  it('forgets a user at once in the process that changed it', async () => {
    const { states, service, aUser } = identity;
    const user = await aUser('operator');
    await eventually(async () => (await states.get(user.id)) !== undefined);
    await service.update(user.id, { disabled: true });
    expect(await states.get(user.id)).toMatchObject({ disabled: true, tokenGeneration: 1 });
    expect(await states.get(randomUUID())).toBeUndefined();
  });
});

describe('resetting a password (npm run admin -- reset-password)', () => {
  let identity: Awaited<ReturnType<typeof identityOn>>;
  let attempts: SignInAttemptsRepository;
  let resets: PasswordResetService;
  beforeAll(async () => {
    identity = await identityOn();
    attempts = new SignInAttemptsRepository(identity.db.dataSource);
    resets = new PasswordResetService(identity.users, attempts);
  });
  afterAll(() => identity.close());

  it('gives a new password, invalidates earlier tokens and forgets failed sign-ins', async () => {
    const { service, users, aUser } = identity;
    const admin = await aUser('admin');
    await attempts.count(admin.email, 900);
    await attempts.count(admin.email, 900);

    const reset = await resets.reset(admin.email.toUpperCase());
    expect(reset).toEqual({ email: admin.email, disabled: false, password: expect.stringMatching(/^\S{24}$/) });
    expect(await service.authenticate(admin.email, reset.password)).toMatchObject({ id: admin.id, tokenGeneration: 1 });
    expect(await service.authenticate(admin.email, PASSWORD)).toBeUndefined();
    expect(await verifyPassword((await users.findCredentials(admin.email))!.passwordHash, reset.password)).toBe(true);
    expect((await attempts.count(admin.email, 900)).attempts).toBe(1);
  });

  it('refuses an email no user has', async () => {
    const unknown = resets.reset('nobody@example.com');
    await expect(unknown).rejects.toBeInstanceOf(UnknownUserEmailError);
    await expect(unknown).rejects.toMatchObject({ status: 404, email: 'nobody@example.com' });
  });
});

describe('the first admin with a generated password', () => {
  let db: MediumDatabase;
  beforeAll(async () => {
    db = await openMediumDatabase();
  });
  afterAll(() => db.close());

  it('is logged once in a plain line naming the email and the password, which signs in', async () => {
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const users = new UsersRepository(db.dataSource);
      await new AdminBootstrapService(users, new ConfigService({})).onApplicationBootstrap();
      expect(warnings).toHaveBeenCalledTimes(1);
      const line = String(warnings.mock.calls[0]![0]);
      const [, password] = /^created the first admin admin@localhost with the generated password (\S+) \(/.exec(line)!;
      expect(line).toContain('shown only this once');
      expect(line).toContain('npm run admin -- reset-password admin@localhost');
      expect(await verifyPassword((await users.findCredentials('admin@localhost'))!.passwordHash, password!)).toBe(
        true,
      );
    } finally {
      warnings.mockRestore();
    }
  });
});
