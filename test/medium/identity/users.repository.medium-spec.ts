import { hashPassword } from '../../../libs/identity/src/auth/password-hasher.js';
import { UserStateCache } from '../../../libs/identity/src/auth/user-state-cache.js';
import {
  EmailTakenError,
  OrganizationKindMismatchError,
  UnknownOrganizationError,
} from '../../../libs/identity/src/identity-errors.js';
import { OrganizationsRepository } from '../../../libs/identity/src/organizations/organizations.repository.js';
import { OrganizationsService } from '../../../libs/identity/src/organizations/organizations.service.js';
import { UsersRepository } from '../../../libs/identity/src/users/users.repository.js';
import { UsersService } from '../../../libs/identity/src/users/users.service.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { anOrganization } from './identity-fixtures.js';

const PASSWORD = 'correct horse battery staple';

describe('users', () => {
  let db: MediumDatabase;
  let users: UsersRepository;
  let service: UsersService;

  beforeAll(async () => {
    db = await openMediumDatabase();
    users = new UsersRepository(db.dataSource);
    service = new UsersService(
      users,
      new OrganizationsService(new OrganizationsRepository(db.dataSource)),
      db.dataSource,
      new UserStateCache(db.dataSource, users),
    );
  });
  afterAll(() => db.close());

  it('stores a user once per email; reads it without its hash, or with it for signing in', async () => {
    const organizationId = await anOrganization(db.dataSource);
    const user = { email: 'logistics@yutong.example', role: 'exporter' as const, organizationId };
    const created = await users.insert({ ...user, passwordHash: 'hash-1' });
    expect(created).toEqual({ id: expect.any(String), ...user, disabled: false, version: 1 });
    expect(await users.insert({ ...user, passwordHash: 'hash-2' })).toBeUndefined();

    expect(await users.findById(created!.id)).toEqual(created);
    expect(await users.findCredentials(user.email)).toEqual({ ...created, passwordHash: 'hash-1', tokenGeneration: 0 });
    expect(await users.findCredentials('nobody@yutong.example')).toBeUndefined();
  });

  it('creates a user with a lower-cased email and a hash, and signs them in by password only', async () => {
    const organizationId = await anOrganization(db.dataSource, 'operator');
    const created = await service.create({
      email: 'Ops@Landbridge.example',
      password: PASSWORD,
      role: 'operator',
      organizationId,
    });
    expect(created).toEqual({
      id: expect.any(String),
      email: 'ops@landbridge.example',
      role: 'operator',
      organizationId,
      disabled: false,
      version: 1,
    });
    expect((await users.findCredentials('ops@landbridge.example'))!.passwordHash).toMatch(/^\$argon2id\$/);

    expect(await service.authenticate('OPS@landbridge.example', PASSWORD)).toEqual({ ...created, tokenGeneration: 0 });
    expect(await service.authenticate('ops@landbridge.example', 'wrong password!')).toBeUndefined();
    expect(await service.authenticate('nobody@landbridge.example', PASSWORD)).toBeUndefined();

    const again = service.create({
      email: 'OPS@landbridge.EXAMPLE',
      password: PASSWORD,
      role: 'admin',
      organizationId,
    });
    await expect(again).rejects.toBeInstanceOf(EmailTakenError);
    await expect(again).rejects.toMatchObject({
      status: 409,
      message: 'A user with email OPS@landbridge.EXAMPLE already exists',
    });
  });

  it('refuses an unknown organization and a role outside its kind of organization, naming the field', async () => {
    const exporterOrganization = await anOrganization(db.dataSource, 'exporter');
    const input = { email: 'someone@example.com', password: PASSWORD, organizationId: exporterOrganization };

    const unknown = service.create({
      ...input,
      role: 'exporter',
      organizationId: '00000000-0000-4000-8000-000000000000',
    });
    await expect(unknown).rejects.toBeInstanceOf(UnknownOrganizationError);
    await expect(unknown).rejects.toMatchObject({
      status: 422,
      message: 'The organization does not exist',
      errors: [{ field: 'organizationId', message: 'no organization with this id' }],
    });

    const misplaced = service.create({ ...input, role: 'operator' });
    await expect(misplaced).rejects.toBeInstanceOf(OrganizationKindMismatchError);
    await expect(misplaced).rejects.toMatchObject({
      status: 422,
      message:
        'The role operator belongs in an operator organization (such as Landbridge), not in an exporter organization',
      errors: [{ field: 'role', message: 'is not allowed in an exporter organization' }],
    });
    expect(await users.findCredentials('someone@example.com')).toBeUndefined();
  });
});

describe('the first admin', () => {
  let db: MediumDatabase;
  let users: UsersRepository;

  beforeAll(async () => {
    db = await openMediumDatabase();
    users = new UsersRepository(db.dataSource);
  });
  afterAll(() => db.close());

  it('is created once, with the platform organization, by api processes starting together', async () => {
    expect(await users.anyExist()).toBe(false);
    const passwordHash = await hashPassword(PASSWORD);
    const created = await Promise.all(
      ['admin@localhost', 'admin@localhost', 'other@localhost'].map((email) =>
        users.createFirstAdmin(email, passwordHash),
      ),
    );
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await users.anyExist()).toBe(true);
    const admins = await db.dataSource.query<{ role: string; name: string; kind: string }[]>(
      'SELECT u.role, o.name, o.kind FROM users u JOIN organizations o ON o.id = u.organization_id',
    );
    expect(admins).toEqual([{ role: 'admin', name: 'Landbridge', kind: 'operator' }]);
    expect(await users.createFirstAdmin('late@localhost', passwordHash)).toBe(false);
  });
});
