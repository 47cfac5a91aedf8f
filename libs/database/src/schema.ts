import { CreateIdempotencyKeys1795910700000 } from '@landbridge/common';
import { identityMigrations } from '@landbridge/identity';
import { notificationsMigrations } from '@landbridge/notifications';
import { operationsMigrations } from '@landbridge/operations';
import { referenceDataMigrations } from '@landbridge/reference-data';
import { trackingMigrations } from '@landbridge/tracking';

/**
 * Every context's migrations, in one list for the apps, the migration CLI and the test template.
 * TypeORM runs them in the order of the timestamps in their names.
 */
export const migrations = [
  ...referenceDataMigrations,
  ...identityMigrations,
  ...operationsMigrations,
  CreateIdempotencyKeys1795910700000,
  ...notificationsMigrations,
  ...trackingMigrations,
];
