import { isWrite } from './request-transaction.js';

describe("isWrite (what begins a write request's transaction)", () => {
  it('takes a plain SELECT, and a WITH of plain SELECTs, for a read', () => {
    expect(isWrite('SELECT id FROM users WHERE id = $1')).toBe(false);
    expect(isWrite('  select 1')).toBe(false);
    expect(isWrite('(SELECT 1) UNION (SELECT 2)')).toBe(false);
    expect(isWrite('WITH t AS (SELECT updated_at FROM trains) SELECT * FROM t')).toBe(false);
    expect(isWrite('-- a comment naming UPDATE\nSELECT 1')).toBe(false);
  });

  it('takes every other statement, a locking SELECT and a WITH that changes rows for a write', () => {
    expect(isWrite('INSERT INTO t VALUES (1)')).toBe(true);
    expect(isWrite('UPDATE t SET a = 1')).toBe(true);
    expect(isWrite('DELETE FROM t')).toBe(true);
    expect(isWrite('SELECT id FROM t WHERE id = $1 FOR UPDATE')).toBe(true);
    expect(isWrite('SELECT id FROM t FOR NO KEY UPDATE SKIP LOCKED')).toBe(true);
    expect(isWrite('SELECT id FROM t FOR SHARE')).toBe(true);
    expect(isWrite('SELECT * INTO copy FROM t')).toBe(true);
    expect(isWrite('WITH gone AS (DELETE FROM t RETURNING id) SELECT count(*) FROM gone')).toBe(true);
    expect(isWrite('WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x')).toBe(true);
    expect(isWrite('/* SELECT */ UPDATE t SET a = 1')).toBe(true);
  });
});
