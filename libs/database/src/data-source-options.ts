import type { DataSourceOptions, MigrationInterface } from 'typeorm';

/**
 * The schema's migrations, in order. The apps assemble the list from every context (libs/database knows
 * none of them); TypeORM runs the pending ones in the order of the timestamps in their names.
 */
export type Migrations = readonly (new () => MigrationInterface)[];

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  applicationName: string;
}

/** Connection settings shared by the apps, the migration CLI and the tests. */
export function dataSourceOptions(options: DatabaseOptions, migrations: Migrations = []): DataSourceOptions {
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
      options: '-c jit=off',
    },
  };
}
