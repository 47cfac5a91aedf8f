import {
  AuditLogMonthsApart1796210000000,
  CreateAuditLog1796200000000,
  CreateIdempotencyKeys1795910700000,
  PublicScopeOfSeveralLinks1796700000000,
  RowLevelSecurity1796600000000,
} from '@landbridge/common';
import type { Migrations } from '@landbridge/database';
import { identityMigrations } from '@landbridge/identity';
import { notificationsMigrations } from '@landbridge/notifications';
import { operationsMigrations } from '@landbridge/operations';
import { referenceDataMigrations } from '@landbridge/reference-data';
import { trackingMigrations } from '@landbridge/tracking';

/**
 * Every context's migrations, in one list: the apps assemble the schema (libs/database takes it as a
 * parameter and knows no context). Used by the api, the worker, the migration CLI, the demo loader and
 * the tests' migrated template. TypeORM runs them in the order of the timestamps in their names.
 */
export const migrations: Migrations = [
  ...referenceDataMigrations,
  ...identityMigrations,
  ...operationsMigrations,
  CreateIdempotencyKeys1795910700000,
  ...notificationsMigrations,
  ...trackingMigrations,
  CreateAuditLog1796200000000,
  AuditLogMonthsApart1796210000000,
  // After every context's tables: the policies and grants of row-level security cover them all.
  RowLevelSecurity1796600000000,
  PublicScopeOfSeveralLinks1796700000000,
];
