import { hashPassword, verifyPassword } from './password-hasher.js';

describe('password hashing', () => {
  it('stores an argon2id hash with at least OWASP parameters, never the password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored).not.toContain('correct horse');
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('s3cret-Passw0rd');
    expect(await verifyPassword(stored, 's3cret-Passw0rd')).toBe(true);
    expect(await verifyPassword(stored, 's3cret-passw0rd')).toBe(false);
    expect(await verifyPassword('not a hash', 's3cret-Passw0rd')).toBe(false);
  });
});
