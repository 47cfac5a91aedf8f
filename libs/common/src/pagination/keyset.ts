import { emptySql, joinSql, rawSql, type Sql, sql } from '../database/sql.js';
import { type CursorKey, type CursorPart, decodeCursor, encodeCursor } from './keyset-cursor.js';

const CASTS: Record<CursorPart, string> = { instant: 'timestamptz', uuid: 'uuid', int: 'bigint', text: 'text' };

/**
 * One keyset-paginated ordering: its sort columns, the kind of each cursor part, and the direction.
 * `after(cursor)` is the condition for the rows after a cursor (or nothing without one), `key(row)`
 * the cursor of a row; the ORDER BY is `orderBy`.
 */
export class Keyset<S extends readonly CursorPart[]> {
  readonly orderBy: Sql;

  constructor(
    private readonly columns: readonly string[],
    private readonly shape: S,
    private readonly direction: 'asc' | 'desc',
  ) {
    this.orderBy = rawSql(columns.map((column) => `${column} ${direction.toUpperCase()}`).join(', '));
  }

  /** `(a, b) < ($1::timestamptz, $2::uuid)` for a cursor (checked part by part: 422 when crafted), else empty. */
  after(cursor: string | undefined): Sql {
    if (cursor === undefined) return emptySql;
    const key = decodeCursor(cursor, this.shape);
    const values = key.map((value, i) => sql`${value}::${rawSql(CASTS[this.shape[i]!])}`);
    const columns = rawSql(this.columns.join(', '));
    return sql`(${columns}) ${rawSql(this.direction === 'desc' ? '<' : '>')} (${joinSql(values, ', ')})`;
  }

  key(...values: CursorKey<S>): string {
    return encodeCursor(values);
  }
}

/** `WHERE a AND b` of the conditions that are not empty (nor `true`), or nothing. */
export function where(...conditions: readonly Sql[]): Sql {
  const present = conditions.filter((condition) => condition.text !== '' && condition.text !== 'true');
  return present.length ? sql`WHERE ${joinSql(present, ' AND ')}` : emptySql;
}
