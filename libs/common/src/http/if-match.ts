import { PreconditionFailedError } from '../problems/domain-error.js';

/**
 * The version an `If-Match` header asks for: `"3"` (or W/"3") → 3; absent or `*` → undefined (no
 * precondition). Anything else cannot match any version we issue, so it fails the precondition.
 */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(ifMatch);
  if (!match) throw new PreconditionFailedError(`If-Match ${ifMatch} is not an ETag this service issued`);
  return Number(match[1]);
}

export function etagOf(version: number): string {
  return `"${version}"`;
}
