import { type Caller } from '../access/caller.js';
import { ALL_TENANTS, ownedBy, scopeOf } from '../access/tenant-scope.js';
import { sql } from '../database/sql.js';
import { InvalidInputError } from '../problems/domain-error.js';
import { Keyset, where } from './keyset.js';

const ID = 'b3c1a0e2-4f1d-4c3e-9a55-0f1e2d3c4b5a';
const exporter: Caller = { userId: ID, role: 'exporter', organizationId: 'org-1', credential: { kind: 'token' } };
const operator: Caller = { ...exporter, role: 'operator' };

describe('keyset pagination and tenant scope as SQL', () => {
  const byNewest = new Keyset(['c.created_at', 'c.id'], ['instant', 'uuid'] as const, 'desc');

  it('numbers the parameters of every fragment in the order they appear', () => {
    const cursor = byNewest.key('2024-03-20T01:30:00.123456Z', ID);
    const statement = sql`SELECT * FROM consignments c ${where(
      ownedBy(scopeOf(exporter), 'c.exporter_id'),
      sql`c.status = ${'loaded'}`,
      byNewest.after(cursor),
    )} ORDER BY ${byNewest.orderBy} LIMIT ${51}`;
    expect(statement.text).toBe(
      'SELECT * FROM consignments c WHERE c.exporter_id = $1 AND c.status = $2 AND (c.created_at, c.id) < ($3::timestamptz, $4::uuid) ORDER BY c.created_at DESC, c.id DESC LIMIT $5',
    );
    expect(statement.values).toEqual(['org-1', 'loaded', '2024-03-20T01:30:00.123456Z', ID, 51]);
  });

  it('leaves out what does not apply: no cursor, a staff scope', () => {
    expect(where(ownedBy(scopeOf(operator), 'c.exporter_id'), byNewest.after(undefined)).text).toBe('');
    expect(ownedBy(ALL_TENANTS, 'x').text).toBe('true');
    expect(
      new Keyset(['code'], ['text'] as const, 'asc').after(new Keyset(['code'], ['text'] as const, 'asc').key('CNZGZ'))
        .text,
    ).toBe('(code) > ($1::text)');
  });

  it('refuses a crafted cursor with a 422', () => {
    expect(() => byNewest.after(Buffer.from('["not-a-time","x"]').toString('base64url'))).toThrow(InvalidInputError);
  });
});
