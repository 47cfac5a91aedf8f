import {
  type Caller,
  execute,
  Keyset,
  ownedBy,
  queryPrepared,
  queryRow,
  queryRows,
  scopeOf,
  sql,
  where,
} from '@landbridge/common';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';

const exporterOfA: Caller = { userId: 'u', role: 'exporter', organizationId: 'a', credential: { kind: 'token' } };

describe('SQL statements on a real database', () => {
  let db: MediumDatabase;

  beforeAll(async () => {
    db = await openMediumDatabase();
    await db.dataSource.query('CREATE TABLE t (id int PRIMARY KEY, owner text, at timestamptz NOT NULL)');
    await db.dataSource.query(
      "INSERT INTO t SELECT i, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END, '2024-01-01'::timestamptz + i * interval '1 microsecond' FROM generate_series(1, 9) i",
    );
  });
  afterAll(() => db.close());

  it('returns the rows of an UPDATE … RETURNING and counts those of a bare UPDATE', async () => {
    const rows = await queryRows<{ id: number }>(
      db.dataSource,
      sql`UPDATE t SET owner = owner WHERE id = ANY(${[1, 2]}) RETURNING id`,
    );
    expect(rows.map((row) => row.id).sort()).toEqual([1, 2]);
    expect(await execute(db.dataSource, sql`UPDATE t SET owner = owner WHERE id > ${6}`)).toBe(3);
    expect(await queryRow(db.dataSource, sql`SELECT id FROM t WHERE id = ${42}`)).toBeUndefined();
  });

  it('pages by a keyset to the microsecond, scoped, as a prepared statement', async () => {
    const keyset = new Keyset(['at', 'id'], ['instant', 'int'] as const, 'desc');
    const page = (cursor?: string) =>
      queryPrepared<{ id: number; cursor_at: string }>(
        db.dataSource,
        sql`SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at FROM t
            ${where(ownedBy(scopeOf(exporterOfA), 'owner'), keyset.after(cursor))}
            ORDER BY ${keyset.orderBy} LIMIT ${2}`,
      );
    const seen: number[] = [];
    let cursor: string | undefined;
    for (;;) {
      const rows = await page(cursor);
      seen.push(...rows.map((row) => row.id));
      if (rows.length < 2) break;
      const last = rows.at(-1)!;
      cursor = keyset.key(last.cursor_at, last.id);
    }
    expect(seen).toEqual([8, 6, 4, 2]);
  });
});
