import { createHash } from 'node:crypto';
import sqlTemplate, { empty, join, raw, type Sql } from 'sql-template-tag';
import type { DataSource, EntityManager } from 'typeorm';
import { requestTransaction } from '../audit/request-transaction.js';
import { preparedStatementsOn } from './database-settings.js';

/**
 * SQL as the repositories write it: tagged templates (sql-template-tag) whose values become bind
 * parameters, numbered by the library, so fragments (a filter, a keyset condition, a tenant scope)
 * compose without anyone counting `$n`. Hand-written SQL, not a query builder, because the hot
 * statements are tuned by hand (JSON built in PostgreSQL, LATERAL joins kept from being flattened).
 */
export const sql = sqlTemplate;
export { empty as emptySql, join as joinSql, raw as rawSql, type Sql };

/** Where a statement runs: the pool (DataSource) or a transaction (EntityManager). */
export type Db = DataSource | EntityManager;

/**
 * Runs a statement and returns its rows. A bare UPDATE or DELETE answers TypeORM's `[rows, count]`;
 * this returns the rows in every case.
 */
export async function queryRows<T>(db: Db, statement: Sql): Promise<T[]> {
  const result = (await db.query(statement.text, statement.values)) as unknown;
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/** The first row of a statement, or undefined. */
export async function queryRow<T>(db: Db, statement: Sql): Promise<T | undefined> {
  return (await queryRows<T>(db, statement))[0];
}

/** The number of rows a bare UPDATE or DELETE changed. */
export async function execute(db: Db, statement: Sql): Promise<number> {
  const result = (await db.query(statement.text, statement.values)) as unknown;
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

interface PgPool {
  connect(): Promise<{
    query<T>(config: { name?: string; text: string; values: readonly unknown[] }): Promise<{ rows: T[] }>;
    release(error?: Error): void;
  }>;
}

const names = new Map<string, string>();

/**
 * Runs a read on the pool as a named prepared statement: each connection parses and plans the SQL once,
 * then only binds and executes it. For the hot lookups, where PostgreSQL otherwise spends as long
 * planning the query as running it. The name derives from the text, so two statements never share one.
 * Outside a transaction only: it takes its own connection from the pool (in a write request whose
 * transaction has begun, it reads in that transaction instead, so that it sees what the request wrote).
 * With prepared statements off (DATABASE_PREPARED_STATEMENTS=false, behind PgBouncer) it runs unnamed.
 */
export async function queryPrepared<T>(dataSource: DataSource, statement: Sql): Promise<T[]> {
  const shared = requestTransaction();
  if (shared?.begun) return queryRows<T>(await shared.manager(), statement);
  const text = statement.text;
  let name: string | undefined;
  if (preparedStatementsOn(dataSource)) {
    name = names.get(text);
    if (!name) {
      name = `lb_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
  }
  // The connection is taken with await, not through pool.query's callback, which may run in the async
  // context of whoever released a connection: the statement's database scope is the caller's (ScopedClient).
  const client = await (dataSource.driver as unknown as { master: PgPool }).master.connect();
  try {
    const { rows } = await client.query<T>({ name, text, values: statement.values });
    client.release();
    return rows;
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}
