import type { DataSource } from 'typeorm';

/**
 * How the service may use its connections, beyond what TypeORM knows: carried in the data source's `extra`
 * (pg ignores keys it does not know) so that code holding the DataSource reads them where it needs them.
 */
export interface ConnectionSettings {
  /**
   * Named prepared statements (queryPrepared) on: off behind a transaction-mode PgBouncer older than 1.21,
   * where a statement prepared on one server connection is missing on the next (DATABASE_PREPARED_STATEMENTS).
   */
  landbridgePreparedStatements: boolean;
  /**
   * Where a connection that stays in LISTEN connects: a session of its own, so never through a
   * transaction-mode PgBouncer (DATABASE_LISTEN_URL; the pool's URL when unset).
   */
  landbridgeListenUrl: string | undefined;
}

function settingsOf(dataSource: DataSource): Partial<ConnectionSettings> {
  return (dataSource.options as { extra?: Partial<ConnectionSettings> }).extra ?? {};
}

export function preparedStatementsOn(dataSource: DataSource): boolean {
  return settingsOf(dataSource).landbridgePreparedStatements !== false;
}

/** The URL for a LISTEN connection of the service. */
export function listenUrlOf(dataSource: DataSource): string {
  return settingsOf(dataSource).landbridgeListenUrl ?? (dataSource.options as { url: string }).url;
}
