import type { DataSource } from 'typeorm';
import type { Sql } from './sql.js';

/**
 * The rows of one read, fetched `batchSize` at a time through a server-side cursor in a read-only
 * transaction (one snapshot): for exports that stream a result of any size without holding it in memory.
 * The connection is held until the rows are read or the consumer stops (`return()` closes the cursor).
 */
export async function* cursorRows<T>(dataSource: DataSource, statement: Sql, batchSize = 500): AsyncGenerator<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await runner.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${statement.text}`, statement.values);
    for (;;) {
      const rows = (await runner.query(`FETCH ${batchSize} FROM export_rows`)) as T[];
      yield* rows;
      if (rows.length < batchSize) break;
    }
  } finally {
    try {
      await runner.query('ROLLBACK');
    } finally {
      await runner.release();
    }
  }
}
