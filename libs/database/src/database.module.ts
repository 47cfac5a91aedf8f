import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { shareRequestTransactions } from '@landbridge/common';
import { DataSource } from 'typeorm';
import { appDatabaseUrl } from './app-role.js';
import { type DatabaseOptions, dataSourceOptions, type Migrations } from './data-source-options.js';
import { migrateDatabase } from './migrate-database.js';

/**
 * The TypeORM connection of an app (the contexts' repositories run hand-written SQL on it); the app
 * passes the schema's migrations, and the pending ones run, as the tables' owner, before it serves
 * anything. The app itself then connects as the service's role (app-role.ts), to which row-level
 * security applies, each statement carrying its database scope (ScopedClient).
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions, migrations: Migrations): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(options, [], true), autoLoadEntities: true }),
          dataSourceFactory: async (typeOrmOptions) => {
            const applied = await migrateDatabase(options.url, migrations);
            if (applied.length > 0) {
              new Logger('Database').log(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
            }
            const url = await appDatabaseUrl(options.url, options.appUrl);
            const dataSource = await new DataSource({ ...typeOrmOptions!, url } as typeof typeOrmOptions & {
              url: string;
            }).initialize();
            // A write request's statements share its one transaction, in which its audit entry is written.
            return shareRequestTransactions(dataSource);
          },
        }),
      ],
    };
  }
}
