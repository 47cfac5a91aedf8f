import { type AppConfig, type ConnectionSettings, ScopedClient } from '@landbridge/common';
import type { DataSourceOptions, MigrationInterface } from 'typeorm';

/**
 * The schema's migrations, in order. The apps assemble the list from every context (libs/database knows
 * none of them); TypeORM runs the pending ones in the order of the timestamps in their names.
 */
export type Migrations = readonly (new () => MigrationInterface)[];

export interface DatabaseOptions {
  /** The owner's URL (DATABASE_URL or the embedded database): migrations run as it. */
  url: string;
  poolSize: number;
  applicationName: string;
  /** The service's own role (DATABASE_APP_URL), else `landbridge_app` on the owner's server (app-role.ts). */
  appUrl?: string;
  /** Named prepared statements (DATABASE_PREPARED_STATEMENTS); on unless false. */
  preparedStatements?: boolean;
  /** Where LISTEN connections go (DATABASE_LISTEN_URL); the pool's URL when unset. */
  listenUrl?: string;
}

/**
 * Connection settings shared by the apps, the migration CLI and the tests. `scoped`: the service's pool,
 * whose connections set each statement's database scope (row-level security, ScopedClient); otherwise the
 * owner's connection of the migrations, which acts as the service's system (a superuser ignores policies,
 * an owner that is not one is subject to them: FORCE ROW LEVEL SECURITY).
 */
export function dataSourceOptions(
  options: DatabaseOptions,
  migrations: Migrations = [],
  scoped = false,
): DataSourceOptions {
  const settings: ConnectionSettings = {
    landbridgePreparedStatements: options.preparedStatements ?? true,
    landbridgeListenUrl: options.listenUrl,
  };
  return {
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName,
    synchronize: false,
    migrationsRun: false,
    migrations: [...migrations],
    migrationsTableName: 'schema_migrations',
    poolSize: options.poolSize,
    extra: {
      // Fail fast instead of queueing forever when the pool is exhausted or the server is gone.
      connectionTimeoutMillis: 5_000,
      statement_timeout: 30_000,
      // No JIT: the service's queries are short, and compiling one (the consignment list page, whose cost
      // estimate is high because of the nested vehicles) takes as long as running it. The embedded server
      // is built without JIT; a server has it on by default.
      options: scoped ? '-c jit=off' : '-c jit=off -c landbridge.scope=system',
      ...(scoped ? { Client: ScopedClient } : {}),
      ...settings,
    },
  };
}

/** The connection settings of the configuration (DATABASE_APP_URL, _LISTEN_URL, _PREPARED_STATEMENTS). */
export function connectionSettings(
  config: Pick<AppConfig, 'DATABASE_APP_URL' | 'DATABASE_LISTEN_URL' | 'DATABASE_PREPARED_STATEMENTS'>,
): Pick<DatabaseOptions, 'appUrl' | 'listenUrl' | 'preparedStatements'> {
  return {
    appUrl: config.DATABASE_APP_URL,
    listenUrl: config.DATABASE_LISTEN_URL,
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
  };
}
