import { appDatabaseUrl } from '@landbridge/database';

/**
 * With LANDBRIDGE_TEST_PGBOUNCER=host:port (a PgBouncer in transaction mode in front of the test server),
 * the settings that send a service's pool through it: the app role's URL at the bouncer, named prepared
 * statements off (PgBouncer < 1.21 has no max_prepared_statements), and LISTEN straight to the server
 * (a LISTEN needs a session of its own). Nothing otherwise. See docs/pgbouncer.md.
 */
export async function throughPgBouncer(databaseUrl: string): Promise<Record<string, string>> {
  const bouncer = process.env.LANDBRIDGE_TEST_PGBOUNCER;
  if (!bouncer) return {};
  // The role's login is provisioned on the server first (the service skips that when given DATABASE_APP_URL).
  const direct = await appDatabaseUrl(databaseUrl, undefined);
  const bounced = new URL(direct);
  bounced.host = bouncer;
  return {
    DATABASE_APP_URL: bounced.toString(),
    DATABASE_LISTEN_URL: direct,
    DATABASE_PREPARED_STATEMENTS: 'false',
  };
}
