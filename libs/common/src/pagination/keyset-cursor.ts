import { InvalidInputError } from '../problems/domain-error.js';

/** The kinds of value a cursor part may hold; each is checked before it reaches SQL. */
export type CursorPart = 'instant' | 'uuid' | 'int' | 'text';
type PartValue<P extends CursorPart> = P extends 'int' ? number : string;
export type CursorKey<S extends readonly CursorPart[]> = { -readonly [I in keyof S]: PartValue<S[I]> };

/** What `cursorTime` produces: UTC, microseconds at most, between years 1 and 9999. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TEXT = 200;

const PART_CHECKS: Record<CursorPart, (value: unknown) => boolean> = {
  instant: (value) => typeof value === 'string' && INSTANT.test(value) && isRealInstant(value),
  uuid: (value) => typeof value === 'string' && UUID.test(value),
  int: (value) => Number.isSafeInteger(value),
  text: (value) => typeof value === 'string' && value.length <= MAX_TEXT && !value.includes('\u0000'),
};

/** A calendar date and time that exists (no 30 February, no year 0), as PostgreSQL would read it. */
function isRealInstant(value: string): boolean {
  const date = new Date(value);
  return (
    !Number.isNaN(date.getTime()) && !value.startsWith('0000') && date.toISOString().slice(0, 19) === value.slice(0, 19)
  );
}

/**
 * Opaque cursors for keyset pagination: the sort key of the last item of a page, base64url-encoded.
 * Clients must treat them as opaque; the server decodes them and checks each part's kind, so a crafted
 * cursor is a 422, never a failed cast in SQL.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<const S extends readonly CursorPart[]>(cursor: string, shape: S): CursorKey<S> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    Array.isArray(key) && key.length === shape.length && key.every((value, i) => PART_CHECKS[shape[i]!](value));
  if (!valid) throw invalidCursor();
  return key as CursorKey<S>;
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
