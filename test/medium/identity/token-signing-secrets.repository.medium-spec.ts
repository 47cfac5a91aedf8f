import { randomBytes } from 'node:crypto';
import { TokenSigningSecretsRepository } from '../../../libs/identity/src/auth/token-signing-secrets.repository.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';

describe('the token signing secret', () => {
  let db: MediumDatabase;

  beforeAll(async () => {
    db = await openMediumDatabase();
  });
  afterAll(() => db.close());

  it('is the first one stored: processes starting together all end up with the same', async () => {
    const secrets = new TokenSigningSecretsRepository(db.dataSource);
    const candidates = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const kept = await Promise.all(candidates.map((candidate) => secrets.storeOrRead(candidate)));
    expect(candidates.some((candidate) => candidate.equals(kept[0]!))).toBe(true);
    expect(kept.every((secret) => secret.equals(kept[0]!))).toBe(true);
    expect((await secrets.storeOrRead(randomBytes(32))).equals(kept[0]!)).toBe(true);
  });
});
