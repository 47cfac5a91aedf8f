import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { shareRequestTransactions } from '@landbridge/common';
import { DataSource } from 'typeorm';
import { type DatabaseOptions, dataSourceOptions, type Migrations } from './data-source-options.js';
import { runMigrations } from './run-migrations.js';

/**
 * The TypeORM connection of an app (the contexts' repositories run hand-written SQL on it); the app
 * passes the schema's migrations, and the pending ones run before it serves anything.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions, migrations: Migrations): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(options, migrations), autoLoadEntities: true }),
          dataSourceFactory: async (typeOrmOptions) => {
            const dataSource = await new DataSource(typeOrmOptions!).initialize();
            const applied = await runMigrations(dataSource);
            if (applied.length > 0) {
              new Logger('Database').log(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
            }
            // A write request's statements share its one transaction, in which its audit entry is written.
            return shareRequestTransactions(dataSource);
          },
        }),
      ],
    };
  }
}
