import { DomainError } from '@landbridge/common';
import { OrganizationNameTakenError } from '../../../libs/identity/src/identity-errors.js';
import { OrganizationsRepository } from '../../../libs/identity/src/organizations/organizations.repository.js';
import { OrganizationsService } from '../../../libs/identity/src/organizations/organizations.service.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { anOrganization } from './identity-fixtures.js';

describe('organizations', () => {
  let db: MediumDatabase;
  let organizations: OrganizationsRepository;
  let service: OrganizationsService;

  beforeAll(async () => {
    db = await openMediumDatabase();
    organizations = new OrganizationsRepository(db.dataSource);
    service = new OrganizationsService(organizations);
  });
  afterAll(() => db.close());

  it('stores an organization and finds it by id', async () => {
    const created = await organizations.insert({ name: 'Yutong Bus Co., Ltd.', kind: 'exporter' });
    expect(created).toEqual({ id: expect.any(String), name: 'Yutong Bus Co., Ltd.', kind: 'exporter' });
    expect(await organizations.findById(created!.id)).toEqual(created);
  });

  it('inserts nothing for a name taken in another case, and the service names it with a 409', async () => {
    await organizations.insert({ name: 'Chery Export', kind: 'exporter' });
    expect(await organizations.insert({ name: 'CHERY export', kind: 'operator' })).toBeUndefined();
    const [row] = await db.dataSource.query<{ count: number }[]>(
      "SELECT count(*)::int AS count FROM organizations WHERE lower(name) = 'chery export'",
    );
    expect(row!.count).toBe(1);

    const refused = await service.create({ name: 'chery EXPORT', kind: 'exporter' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OrganizationNameTakenError);
    expect(refused).toMatchObject({ status: 409, message: 'An organization named chery EXPORT already exists' });
  });

  it('pages through every organization in id order with a cursor, without gaps or repeats', async () => {
    for (let i = 0; i < 5; i++) await anOrganization(db.dataSource);
    const all = (await db.dataSource.query<{ id: string }[]>('SELECT id FROM organizations ORDER BY id')).map(
      (row) => row.id,
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await service.list(2, cursor);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('refuses a crafted cursor with a 422', async () => {
    const crafted = Buffer.from('["not-a-uuid"]').toString('base64url');
    const refused = await organizations.page(2, crafted).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).status).toBe(422);
  });
});
