import { jsonArraySql, jsonObjectSql, jsonSql } from '@landbridge/common';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';

describe('JSON text built in SQL (jsonObjectSql, jsonArraySql)', () => {
  let db: MediumDatabase;

  beforeAll(async () => {
    db = await openMediumDatabase();
  });
  afterAll(() => db.close());

  const textOf = async (expression: string, from = ''): Promise<string> => {
    const [row] = await db.dataSource.query<[{ json: string }]>(`SELECT ${expression} AS json ${from}`);
    return row.json;
  };

  it('writes an object compactly, keys in order, escaping text and writing SQL NULL as null', async () => {
    const text = await textOf(
      jsonObjectSql({
        zeta: `'quote " back\\slash ''apostrophe'' ' || chr(10) || 'Москва 郑州'::text`,
        alpha: '42',
        missing: 'NULL::text',
        yes: 'true',
        nested: jsonSql(jsonObjectSql({ inner: `'x'::text` })),
        none: jsonSql('NULL'),
      }),
    );
    expect(text).toBe(
      JSON.stringify({
        zeta: `quote " back\\slash 'apostrophe' \nМосква 郑州`,
        alpha: 42,
        missing: null,
        yes: true,
        nested: { inner: 'x' },
        none: null,
      }),
    );
  });

  it('writes an array of rows in the given order, and [] for no rows', async () => {
    const element = jsonObjectSql({ n: 'n' });
    expect(await textOf(jsonArraySql(element, 'n DESC'), 'FROM generate_series(1, 3) n')).toBe(
      '[{"n":3},{"n":2},{"n":1}]',
    );
    expect(await textOf(jsonArraySql(element, 'n'), 'FROM generate_series(1, 0) n')).toBe('[]');
  });
});
