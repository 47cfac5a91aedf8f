import { createHmac } from 'node:crypto';
import { APP_ROLE } from '@landbridge/common';
import pg from 'pg';

/**
 * The URL of the service's pool: a role that owns no table and is not BYPASSRLS, so that row-level security
 * applies to it (the owner's URL is for migrations only).
 *
 * - DATABASE_APP_URL, when the operator gives one (production: a role made by a DBA, a member of
 *   `landbridge_app` or granted the same).
 * - Otherwise `landbridge_app` on the owner's server, with a password derived from the owner's credentials
 *   (HMAC keyed with the owner's password, over the owner's name; not the address, which differs for a
 *   process behind a proxy): every process given the owner's credentials, or sharing one embedded database
 *   (whose owner password is kept in DATA_DIR), derives the same one, so none changes what another logs in
 *   with. When the role cannot log in with it yet, the owner gives it
 *   LOGIN and that password (the migrations created the role and its grants).
 */
export async function appDatabaseUrl(ownerUrl: string, explicitAppUrl: string | undefined): Promise<string> {
  if (explicitAppUrl) return explicitAppUrl;
  const url = derivedAppUrl(ownerUrl);
  if (await canLogIn(url)) return url;
  await provisionLogin(ownerUrl, new URL(url).password);
  return url;
}

/** The owner's URL with the app role and its derived password. */
function derivedAppUrl(ownerUrl: string): string {
  const owner = new URL(ownerUrl);
  // Not the address: processes reaching the server by different routes (a proxy, PgBouncer) must agree.
  const password = createHmac('sha256', decodeURIComponent(owner.password) || 'landbridge')
    .update(`${APP_ROLE} of ${decodeURIComponent(owner.username)}`)
    .digest('base64url');
  const app = new URL(ownerUrl);
  app.username = APP_ROLE;
  app.password = password;
  return app.toString();
}

async function canLogIn(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch (error) {
    // 28P01 wrong password, 28000 no such role or no LOGIN: provision; anything else is the server's.
    const code = (error as { code?: string }).code;
    if (code === '28P01' || code === '28000') return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Gives the app role LOGIN and its password, as the owner. Processes starting together may do it at once
 * (the role is the server's, shared by its databases): a concurrent change of the same role is retried.
 */
async function provisionLogin(ownerUrl: string, password: string): Promise<void> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  owner.on('error', () => undefined);
  await owner.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await owner.query(
          `ALTER ROLE ${APP_ROLE} WITH LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD ${owner.escapeLiteral(password)}`,
        );
        return;
      } catch (error) {
        if (attempt >= 5 || !/tuple concurrently updated/.test((error as Error).message)) throw error;
        await new Promise((done) => setTimeout(done, 50 * (attempt + 1)));
      }
    }
  } finally {
    await owner.end().catch(() => undefined);
  }
}
