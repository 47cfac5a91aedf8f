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

/**
 * A timestamptz sort key as a cursor carries it: SQL giving the exact instant as text (microseconds,
 * UTC), which the next page's `$n::timestamptz` reads back unchanged. Not `Date#toISOString()`: a Date
 * keeps milliseconds, so a row a few microseconds older than the last of a page, in the same millisecond,
 * fell between the two pages.
 */
export const cursorTime = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function invalidCursor(): InvalidInputError {
  return new InvalidInputError('The cursor is not one this service issued', [
    { field: 'cursor', message: 'is not a valid cursor' },
  ]);
}
