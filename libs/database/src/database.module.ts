import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type DatabaseOptions, dataSourceOptions } from './data-source-options.js';
import { runMigrations } from './run-migrations.js';
import { migrations } from './schema.js';

/**
 * The TypeORM connection of an app. Entities come from the context modules (`forFeature`); pending
 * migrations run before the app serves anything.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
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
            return dataSource;
          },
        }),
      ],
    };
  }
}
