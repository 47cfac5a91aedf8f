import { InvalidInputError } from '../problems/domain-error.js';

/**
 * Opaque cursors for keyset pagination: the sort key of the last item of a page, base64url-encoded.
 * Clients must treat them as opaque; the server decodes and checks their shape.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<K extends readonly (string | number)[]>(
  cursor: string,
  shape: { [I in keyof K]: K[I] extends number ? 'number' : 'string' },
): K {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid = Array.isArray(key) && key.length === shape.length && key.every((value, i) => typeof value === shape[i]);
  if (!valid) throw invalidCursor();
  return key as K;
}

function invalidCursor(): InvalidInputError {
  return new InvalidInputError('The cursor is not one this service issued', [
    { field: 'cursor', message: 'is not a valid cursor' },
  ]);
}
