import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `lb_<keyId>_<secret>`: a fixed prefix so leaked keys are easy to find (secret
 * scanners match `lb_[0-9a-f]{16}_[A-Za-z0-9_-]{43}`), a public id to look the key up by, and 256 random
 * bits of secret of which only a SHA-256 is stored.
 */
const PATTERN = /^lb_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  key: string;
  keyId: string;
  secretHash: Buffer;
}

export function generateApiKey(): GeneratedApiKey {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `lb_${keyId}_${secret}`, keyId, secretHash: hashSecret(secret) };
}

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith('lb_');
}

export function parseApiKey(key: string): { keyId: string; secret: string } | undefined {
  const match = PATTERN.exec(key);
  return match ? { keyId: match[1]!, secret: match[2]! } : undefined;
}

export function secretMatches(secret: string, storedHash: Buffer): boolean {
  const candidate = hashSecret(secret);
  return candidate.length === storedHash.length && timingSafeEqual(candidate, storedHash);
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}
