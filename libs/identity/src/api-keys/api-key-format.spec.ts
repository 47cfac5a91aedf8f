import { generateApiKey, parseApiKey, secretMatches } from './api-key-format.js';

describe('API key format', () => {
  it('generates recognisable keys that parse back to their id and match their stored hash', () => {
    const generated = generateApiKey();
    expect(generated.key).toMatch(/^lb_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(generated.key)!;
    expect(parsed.keyId).toBe(generated.keyId);
    expect(secretMatches(parsed.secret, generated.secretHash)).toBe(true);
    expect(generated.secretHash.toString('hex')).not.toContain(parsed.secret);
  });

  it('rejects a key whose secret was changed by one character', () => {
    const generated = generateApiKey();
    const parsed = parseApiKey(generated.key)!;
    const tampered = (parsed.secret[0] === 'A' ? 'B' : 'A') + parsed.secret.slice(1);
    expect(secretMatches(tampered, generated.secretHash)).toBe(false);
  });

  it.each([['lb_short_x'], ['xx_0123456789abcdef_' + 'a'.repeat(43)], ['lb_0123456789abcdef_' + 'a'.repeat(42)]])(
    'does not parse %p',
    (key) => {
      expect(parseApiKey(key)).toBeUndefined();
    },
  );
});
