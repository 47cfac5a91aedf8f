import { DataSource } from 'typeorm';
import { ApiKey } from '../libs/identity/src/api-keys/api-key.entity.js';
import { Organization } from '../libs/identity/src/organizations/organization.entity.js';
import { User } from '../libs/identity/src/users/user.entity.js';
import { RouteStop } from '../libs/reference-data/src/routes/route-stop.entity.js';
import { Route } from '../libs/reference-data/src/routes/route.entity.js';
import { Station } from '../libs/reference-data/src/stations/station.entity.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/**
 * The migrations are written by hand; this proves they build exactly the schema the entities describe,
 * so the ORM never reads or writes a column that is not there (what `migration:generate` would find).
 */
describe('the migrated schema', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({
      type: 'postgres',
      url: database.url,
      entities: [Station, Route, RouteStop, Organization, User, ApiKey],
    }).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('matches the entities: synchronising would change nothing', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});
