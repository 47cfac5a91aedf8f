import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox('a-secrets-key-of-at-least-32-characters');

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const secret = `whsec_${Buffer.from('sixteen random b').toString('base64')}`;
    const sealed = box.seal(secret);
    expect(sealed).not.toContain(secret);
    expect(sealed).not.toContain('whsec_');
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(box.open(sealed)).toBe(secret);
  });

  it('seals the same secret differently each time', () => {
    expect(box.seal('whsec_x')).not.toBe(box.seal('whsec_x'));
  });

  it('says so when the key changed, and refuses a tampered value', () => {
    const sealed = box.seal('whsec_x');
    expect(() => new SecretBox(new Uint8Array(32)).open(sealed)).toThrow(/another key.*SECRETS_KEY/);
    const [version, fingerprint, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[flipped.length - 1]! ^= 1;
    expect(() => box.open(`${version}.${fingerprint}.${flipped.toString('base64url')}`)).toThrow();
  });
});
