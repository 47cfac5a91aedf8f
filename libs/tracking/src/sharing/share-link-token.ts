import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url: 43 characters that nobody guesses. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface GeneratedShareToken {
  token: string;
  hash: Buffer;
}

/** A new share-link token and the hash that is all the database keeps of it. */
export function generateShareToken(): GeneratedShareToken {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, hash: shareTokenHash(token) };
}

/** Whether a path segment can be a token at all (a lookup of anything else fails without a query). */
export function looksLikeShareToken(candidate: string): boolean {
  return TOKEN_PATTERN.test(candidate);
}

/**
 * SHA-256 of a token, the key it is looked up by. A fast hash is right here: the token is 256 random
 * bits, so a leaked hash cannot be brute-forced back whatever the hash costs (a slow hash such as scrypt
 * is for low-entropy passwords), and an equality lookup through a unique index needs a deterministic one.
 */
export function shareTokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
