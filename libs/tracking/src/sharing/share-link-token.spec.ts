import { generateShareToken, looksLikeShareToken, shareTokenHash } from './share-link-token.js';

describe('share-link tokens', () => {
  it('are 43 base64url characters (256 bits) and differ each time', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateShareToken().token));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('are stored as the SHA-256 of the token, never the token', () => {
    const { token, hash } = generateShareToken();
    expect(hash).toHaveLength(32);
    expect(hash.equals(shareTokenHash(token))).toBe(true);
    expect(hash.toString('utf8')).not.toContain(token);
    expect(hash.toString('base64url')).not.toBe(token);
  });

  it('recognises only strings shaped like a token', () => {
    expect(looksLikeShareToken(generateShareToken().token)).toBe(true);
    expect(looksLikeShareToken('short')).toBe(false);
    expect(looksLikeShareToken(`${generateShareToken().token}x`)).toBe(false);
    expect(looksLikeShareToken('a'.repeat(42) + '=')).toBe(false);
  });
});
