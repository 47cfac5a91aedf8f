import { NotFoundError } from '@landbridge/common';
import { generateApiKey } from '../../../libs/identity/src/api-keys/api-key-format.js';
import { ApiKeysRepository } from '../../../libs/identity/src/api-keys/api-keys.repository.js';
import { ApiKeysService } from '../../../libs/identity/src/api-keys/api-keys.service.js';
import { ApiKeyNeedsSignedInUserError } from '../../../libs/identity/src/identity-errors.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { asCaller, aUser } from './identity-fixtures.js';

describe('API keys', () => {
  let db: MediumDatabase;
  let keys: ApiKeysRepository;
  let service: ApiKeysService;

  beforeAll(async () => {
    db = await openMediumDatabase();
    keys = new ApiKeysRepository(db.dataSource);
    service = new ApiKeysService(keys);
  });
  afterAll(() => db.close());

  const aKeyOf = (userId: string, name = 'ERP integration') => {
    const generated = generateApiKey();
    return keys.insert({ keyId: generated.keyId, secretHash: generated.secretHash, name, userId });
  };

  it('authenticates a key as its creator until it is revoked, and not with a tampered secret', async () => {
    const user = await aUser(db.dataSource, 'operator');
    const created = await service.create(asCaller(user), 'ERP integration');
    const expected = { userId: user.id, role: 'operator', organizationId: user.organizationId, keyId: created.id };
    expect(await service.authenticate(created.key)).toEqual(expected);
    const tampered = created.key.slice(0, -1) + (created.key.endsWith('A') ? 'B' : 'A');
    expect(await service.authenticate(tampered)).toBeUndefined();

    await service.revoke(asCaller(user), created.id);
    expect(await keys.findActive(created.key.split('_')[1]!)).toBeUndefined();
    expect(await service.authenticate(created.key)).toBeUndefined();
  });

  it("lets only the owner or an admin revoke a key; another user's is not there for them", async () => {
    const [owner, other, admin] = [
      await aUser(db.dataSource),
      await aUser(db.dataSource),
      await aUser(db.dataSource, 'admin'),
    ];
    const { id } = await aKeyOf(owner.id);

    expect(await keys.revoke(id, other.id)).toBe(false);
    expect(await keys.isKnown(id, other.id)).toBe(false);
    await expect(service.revoke(asCaller(other), id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await keys.pageOfUser(owner.id, 10, undefined)).items[0]!.revokedAt).toBeNull();

    await service.revoke(asCaller(admin), id);
    const [revoked] = (await keys.pageOfUser(owner.id, 10, undefined)).items;
    expect(revoked!.revokedAt).toBeInstanceOf(Date);
    // Revoking again changes nothing and is no error for the owner.
    expect(await keys.revoke(id, owner.id)).toBe(false);
    await expect(service.revoke(asCaller(owner), id)).resolves.toBeUndefined();
    expect((await keys.pageOfUser(owner.id, 10, undefined)).items[0]!.revokedAt).toEqual(revoked!.revokedAt);
  });

  it("lists only the caller's keys, newest first, paging by a cursor that keeps microseconds", async () => {
    const [user, other] = [await aUser(db.dataSource), await aUser(db.dataSource)];
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await aKeyOf(user.id, `key ${i}`)).id);
    await aKeyOf(other.id);
    // Five keys within one millisecond, a microsecond apart: a cursor of milliseconds would skip some.
    await db.dataSource.query(
      `UPDATE api_keys
       SET created_at = '2024-03-20T01:30:00.123Z'::timestamptz + array_position($1::uuid[], id) * interval '1 microsecond'
       WHERE id = ANY($1::uuid[])`,
      [ids],
    );

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await service.list(asCaller(user), 2, cursor);
      seen.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['key 4', 'key 3', 'key 2', 'key 1', 'key 0']);
  });

  it('refuses to create a key for a caller authenticated by another key', async () => {
    const user = await aUser(db.dataSource);
    const byKey = { ...asCaller(user), credential: { kind: 'api-key' as const, keyId: 'k' } };
    await expect(service.create(byKey, 'minted by a key')).rejects.toBeInstanceOf(ApiKeyNeedsSignedInUserError);
    expect((await keys.pageOfUser(user.id, 10, undefined)).items).toEqual([]);
  });
});
