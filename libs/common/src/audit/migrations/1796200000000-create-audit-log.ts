import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one row per successful state-changing request, partitioned by month of occurred_at so
 * that the indexes of a month stay small, a `from`/`to` filter prunes whole months and old months can be
 * detached for archiving. Append-only by trigger: UPDATE, DELETE and TRUNCATE are refused for every role,
 * the table's owner (the service's own role) included; only DDL (a DBA detaching a month) gets past it.
 */
export class CreateAuditLog1796200000000 implements MigrationInterface {
  name = 'CreateAuditLog1796200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_log (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        occurred_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
        actor_user_id uuid NOT NULL,
        actor_api_key_id uuid,
        actor_organization_id uuid NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        organization_id uuid,
        changes jsonb NOT NULL DEFAULT '{}',
        request_id text NOT NULL,
        idempotency_key text,
        PRIMARY KEY (occurred_at, id),
        CONSTRAINT audit_log_role CHECK (actor_role IN ('admin', 'operator', 'exporter'))
      ) PARTITION BY RANGE (occurred_at)`);
    // Each filter of GET /audit-log reads its own index in keyset order (newest first, scanned backwards).
    await db.query('CREATE INDEX audit_log_entity ON audit_log (entity_id, occurred_at, id)');
    await db.query('CREATE INDEX audit_log_entity_type ON audit_log (entity_type, occurred_at, id)');
    await db.query('CREATE INDEX audit_log_actor_user ON audit_log (actor_user_id, occurred_at, id)');
    await db.query(
      'CREATE INDEX audit_log_actor_api_key ON audit_log (actor_api_key_id, occurred_at, id) WHERE actor_api_key_id IS NOT NULL',
    );
    await db.query(
      'CREATE INDEX audit_log_organization ON audit_log (organization_id, occurred_at, id) WHERE organization_id IS NOT NULL',
    );
    await db.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
    await db.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
    // Months are added ahead by the service (AuditPartitions, at start and daily); the default partition
    // only catches an entry whose month was not added in time, so that a write never fails for it.
    await db.query(`
      CREATE FUNCTION audit_log_add_months(first_month date, months integer) RETURNS integer
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
          EXECUTE format('CREATE TABLE %I PARTITION OF audit_log FOR VALUES FROM (%L) TO (%L)',
            partition_name, month_start, month_start + interval '1 month');
          EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON %I
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()', partition_name);
          added := added + 1;
        END LOOP;
        RETURN added;
      END $$`);
    await db.query('CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT');
    await db.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log_default
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
    await db.query(`SELECT audit_log_add_months((now() AT TIME ZONE 'UTC')::date, 3)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit_log');
    await db.query('DROP FUNCTION audit_log_add_months(date, integer)');
    await db.query('DROP FUNCTION audit_log_refuse_change()');
  }
}
