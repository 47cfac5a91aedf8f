import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the service's pool connects as (or a role the operator's DATABASE_APP_URL user is a member of). */
export const APP_ROLE = 'landbridge_app';

/**
 * Row-level security, the second wall behind the service's own organization checks (ownedBy): PostgreSQL
 * itself returns an exporter nothing of another organization, even from a query that forgot its scope.
 *
 * Every statement of the service runs with a scope set for its transaction (database-scope.ts:
 * `set_config(..., true)`, pipelined with the statement): `landbridge.scope` is 'staff' (admin, operator),
 * 'system' (the worker's jobs, the process's own upkeep), 'exporter' (with `landbridge.organization_id`) or
 * 'public' (the tracking page: `landbridge.share_token_hash` to find its link, then `landbridge.consignment_id`
 * for that consignment alone). No scope, or an unknown one, sees nothing.
 *
 * Tenant-scoped tables (ENABLE + FORCE ROW LEVEL SECURITY, one policy each):
 * - carrying the exporter: consignments, status_events (the feed), share_links, webhook_subscriptions (by
 *   organization_id, the subscribing organization), audit_log (organization_id: the exporter whose object it
 *   is), export_figures_daily/_monthly and export_other_values_daily/_monthly (the report's rows),
 *   train_transits (analytics: exporter_ids);
 * - through another row, whose own policy then applies: vehicles (their consignment), tracking_events (a
 *   consignment's events through it; a train's events, consignment_id NULL, are the operator's and not an
 *   exporter's), webhook_deliveries (their subscription), loadings (their vehicle, by VIN).
 * Not tenant-scoped, and why: organizations, users, api_keys, sign_in_attempts and idempotency_keys are read
 * to authenticate a caller before its scope is known, and are keyed by principal; token_signing_secrets,
 * secret_encryption_keys and broker_positions are the service's own; stations, routes, route_stops, trains,
 * consists (and their wagons, containers, vehicles), transshipments and eta_profiles are operator and
 * reference data with no exporter (an exporter reaches a container's vehicles only through vehicles and
 * consignments, which are walled).
 *
 * The app role gets only the DML it needs, and on audit_log only INSERT and SELECT: the append-only
 * guarantee then holds by privileges as well as by the trigger. It owns nothing and is not BYPASSRLS.
 * Migrations run as the owner (a superuser bypasses policies; an owner that is not runs as 'system', set
 * by its connection). The role is created here when missing (that needs CREATEROLE; where the owner lacks
 * it, an operator creates `landbridge_app` first); its LOGIN and password are set by the service at start
 * (app-role.ts), or an operator gives DATABASE_APP_URL.
 */
export class RowLevelSecurity1796600000000 implements MigrationInterface {
  name = 'RowLevelSecurity1796600000000';

  async up(db: QueryRunner): Promise<void> {
    // Several databases of one server (tests, several installations) share the role: create it once.
    await db.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
      EXCEPTION WHEN duplicate_object THEN NULL;
      END $$`);
    // What the pool's connections otherwise ask for at start-up (options, statement_timeout), which a
    // PgBouncer refuses unless told to ignore them: the role's own settings hold on every path.
    await db.query(`ALTER ROLE ${APP_ROLE} SET jit = off`);
    await db.query(`ALTER ROLE ${APP_ROLE} SET statement_timeout = '30s'`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    for (const table of DML_TABLES) {
      await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${APP_ROLE}`);
    }
    await db.query(`GRANT SELECT, INSERT ON audit_log TO ${APP_ROLE}`);
    await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    // The service adds the audit log's months (DDL) through this function, which runs as its owner.
    await db.query(
      'ALTER FUNCTION audit_log_add_months(date, integer) SECURITY DEFINER SET search_path = public, pg_temp',
    );

    // The daily upkeep tells whether entries fell into the default partition, which the role may not read.
    await db.query(`
      CREATE FUNCTION audit_log_default_holds_rows() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = public, pg_temp AS $$ SELECT EXISTS (SELECT 1 FROM audit_log_default) $$`);

    // Where a container is (containerTrip) is the operator's fact, decided by every organization's vehicles in
    // it; an exporter asking must not get a different trip because it sees only its own: the owner's
    // function, as the system. Same rule as before (container-trip.ts), moved here.
    // (plpgsql that sets and restores the scope itself: a function's SET clause on a custom setting needs a
    // superuser, which the owner need not be.)
    await db.query(`
      CREATE FUNCTION landbridge_container_trip(number text) RETURNS TABLE (id uuid, train_number text)
      LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 1 SET search_path = public, pg_temp AS $$
      #variable_conflict use_column
      DECLARE
        caller_scope text := current_setting('landbridge.scope', true);
      BEGIN
        PERFORM set_config('landbridge.scope', 'system', true);
        RETURN QUERY
        SELECT t.id, t.train_number::text FROM trains t
        WHERE t.id = ANY(ARRAY(
            SELECT k.train_id FROM consist_containers cc JOIN consists k ON k.id = cc.consist_id
            WHERE cc.container_number = number
            UNION
            SELECT l.train_id FROM vehicles v JOIN loadings l ON l.vin = v.vin
            WHERE v.unit_kind = 'container' AND v.unit_number = number
              AND l.unit_kind = 'container' AND l.unit_number = number))
          AND t.status <> 'cancelled'
        ORDER BY t.status = 'departed' OR EXISTS (
            SELECT 1 FROM vehicles v JOIN loadings l ON l.vin = v.vin AND l.train_id = t.id
            WHERE v.unit_kind = 'container' AND v.unit_number = number) DESC,
          t.status IN ('planned', 'loading', 'departed') DESC, t.planned_departure_at DESC, t.id DESC
        LIMIT 1;
        PERFORM set_config('landbridge.scope', coalesce(caller_scope, ''), true);
      END $$`);

    // The scope's tests, inlined by the planner into each policy (plain SQL, STABLE): cheap per row.
    await db.query(`
      CREATE FUNCTION landbridge_sees_all() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('landbridge.scope', true) IN ('staff', 'system'), false)
      $$`);
    await db.query(`
      CREATE FUNCTION landbridge_sees_exporter(exporter uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('landbridge.scope', true) = 'exporter'
          AND exporter = nullif(current_setting('landbridge.organization_id', true), '')::uuid, false)
      $$`);
    await db.query(`
      CREATE FUNCTION landbridge_shares_consignment(consignment uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('landbridge.scope', true) = 'public'
          AND consignment = nullif(current_setting('landbridge.consignment_id', true), '')::uuid, false)
      $$`);

    for (const [table, visible] of Object.entries(POLICIES)) {
      await db.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await db.query(`CREATE POLICY ${table}_tenant ON ${table} USING (${visible}) WITH CHECK (${visible})`);
    }
    // An audit entry is written by the service for its caller (AuditInterceptor), of whichever organization
    // the object is: any scoped statement may add one; reading them is walled as above.
    await db.query(`ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY`);
    await db.query(`ALTER TABLE audit_log FORCE ROW LEVEL SECURITY`);
    await db.query(
      `CREATE POLICY audit_log_tenant ON audit_log FOR SELECT USING (landbridge_sees_all() OR landbridge_sees_exporter(organization_id))`,
    );
    await db.query(
      `CREATE POLICY audit_log_append ON audit_log FOR INSERT WITH CHECK (current_setting('landbridge.scope', true) IN ('staff', 'system', 'exporter'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP POLICY audit_log_append ON audit_log');
    await db.query('DROP POLICY audit_log_tenant ON audit_log');
    await db.query('ALTER TABLE audit_log NO FORCE ROW LEVEL SECURITY');
    await db.query('ALTER TABLE audit_log DISABLE ROW LEVEL SECURITY');
    for (const table of Object.keys(POLICIES)) {
      await db.query(`DROP POLICY ${table}_tenant ON ${table}`);
      await db.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    await db.query('DROP FUNCTION landbridge_shares_consignment(uuid)');
    await db.query('DROP FUNCTION landbridge_sees_exporter(uuid)');
    await db.query('DROP FUNCTION landbridge_sees_all()');
    await db.query('DROP FUNCTION audit_log_default_holds_rows()');
    await db.query('DROP FUNCTION landbridge_container_trip(text)');
    await db.query('ALTER FUNCTION audit_log_add_months(date, integer) SECURITY INVOKER RESET search_path');
    await db.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
    await db.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
    await db.query(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
    await db.query(`ALTER ROLE ${APP_ROLE} RESET ALL`);
  }
}

const ALL = 'landbridge_sees_all()';

/** Each tenant-scoped table (but audit_log) and the condition under which a row of it is visible and writable. */
const POLICIES: Record<string, string> = {
  consignments: `${ALL} OR landbridge_sees_exporter(exporter_id) OR landbridge_shares_consignment(id)`,
  status_events: `${ALL} OR landbridge_sees_exporter(exporter_id) OR landbridge_shares_consignment(consignment_id)`,
  share_links: `${ALL} OR landbridge_sees_exporter(exporter_id) OR (current_setting('landbridge.scope', true) = 'public'
    AND token_hash = decode(nullif(current_setting('landbridge.share_token_hash', true), ''), 'hex'))`,
  webhook_subscriptions: `${ALL} OR landbridge_sees_exporter(organization_id)`,
  export_figures_daily: `${ALL} OR landbridge_sees_exporter(exporter_id)`,
  export_figures_monthly: `${ALL} OR landbridge_sees_exporter(exporter_id)`,
  export_other_values_daily: `${ALL} OR landbridge_sees_exporter(exporter_id)`,
  export_other_values_monthly: `${ALL} OR landbridge_sees_exporter(exporter_id)`,
  train_transits: `${ALL} OR (current_setting('landbridge.scope', true) = 'exporter'
    AND exporter_ids @> ARRAY[nullif(current_setting('landbridge.organization_id', true), '')::uuid])`,
  vehicles: `${ALL} OR EXISTS (SELECT 1 FROM consignments c WHERE c.id = vehicles.consignment_id)`,
  tracking_events: `${ALL} OR tracking_events.consignment_id IS NULL
    OR EXISTS (SELECT 1 FROM consignments c WHERE c.id = tracking_events.consignment_id)`,
  webhook_deliveries: `${ALL} OR EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.id = webhook_deliveries.subscription_id)`,
  loadings: `${ALL} OR EXISTS (SELECT 1 FROM vehicles v WHERE v.vin = loadings.vin)`,
};

/** Tables the service reads and writes (every one but audit_log, which it only appends to and reads). */
const DML_TABLES = [
  'api_keys',
  'broker_positions',
  'consignments',
  'consist_containers',
  'consist_vehicles',
  'consist_wagons',
  'consists',
  'eta_profiles',
  'export_figures_daily',
  'export_figures_monthly',
  'export_other_values_daily',
  'export_other_values_monthly',
  'idempotency_keys',
  'loadings',
  'organizations',
  'route_stops',
  'routes',
  'secret_encryption_keys',
  'share_links',
  'sign_in_attempts',
  'stations',
  'status_events',
  'token_signing_secrets',
  'tracking_events',
  'train_transits',
  'trains',
  'transshipments',
  'users',
  'vehicles',
  'webhook_deliveries',
  'webhook_subscriptions',
];
