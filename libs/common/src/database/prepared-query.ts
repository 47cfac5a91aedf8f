import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

interface PgPool {
  query<T>(config: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: T[] }>;
}

const names = new Map<string, string>();

/**
 * Runs a read on the data source's pool as a named prepared statement: each connection parses and plans
 * the SQL once, then only binds and executes it. For the hot lookups (a consignment, a timeline), where
 * PostgreSQL otherwise spends as long planning the query as running it. The name is derived from the
 * text, so two call sites can never share a name for different SQL.
 *
 * Outside a transaction only: it takes its own connection from the pool.
 */
export async function preparedQuery<T>(dataSource: DataSource, text: string, values: readonly unknown[]): Promise<T[]> {
  let name = names.get(text);
  if (!name) {
    name = `lb_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  const pool = (dataSource.driver as unknown as { master: PgPool }).master;
  const { rows } = await pool.query<T>({ name, text, values });
  return rows;
}
