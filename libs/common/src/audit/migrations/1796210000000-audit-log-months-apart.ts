import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * audit_log_add_months creates each month apart: a month that cannot be created (rows of it already sit in
 * the default partition, which a new partition's range may not take from it) is reported as a WARNING and
 * skipped, and the other months are still created. Before, one such month failed the whole call, so that no
 * month was ever added again. The service then reports the default partition's rows (AuditPartitions).
 */
export class AuditLogMonthsApart1796210000000 implements MigrationInterface {
  name = 'AuditLogMonthsApart1796210000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(addMonthsFunction(true));
    // From the month before: an entry of the month a database was migrated in before the month turned.
    await db.query(
      `SELECT audit_log_add_months((date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date, 4)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(addMonthsFunction(false));
  }
}

/** audit_log_add_months, creating each month apart (a failed month a WARNING) or all in one (as before). */
function addMonthsFunction(apart: boolean): string {
  const create = `
    EXECUTE format('CREATE TABLE %I PARTITION OF audit_log FOR VALUES FROM (%L) TO (%L)',
      partition_name, month_start, month_start + interval '1 month');
    EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()', partition_name);
    added := added + 1;`;
  const month = apart
    ? `BEGIN ${create}
       EXCEPTION WHEN OTHERS THEN
         RAISE WARNING 'audit_log: partition % not created: %', partition_name, SQLERRM;
       END;`
    : create;
  return `
    CREATE OR REPLACE FUNCTION audit_log_add_months(first_month date, months integer) RETURNS integer
    LANGUAGE plpgsql AS $$
    DECLARE
      month_start timestamptz;
      partition_name text;
      added integer := 0;
    BEGIN
      FOR i IN 0 .. months - 1 LOOP
        month_start := (date_trunc('month', first_month) + make_interval(months => i))::timestamp AT TIME ZONE 'UTC';
        partition_name := 'audit_log_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
        CONTINUE WHEN to_regclass(partition_name) IS NOT NULL;
        ${month}
      END LOOP;
      RETURN added;
    END $$`;
}
