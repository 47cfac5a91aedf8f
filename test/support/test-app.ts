import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@landbridge/common';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { ApiClient, type Principal, type RequestFn } from './api-client.js';
import { OpenApiValidator } from './openapi-validator.js';
import { throughPgBouncer } from './pgbouncer.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** The first admin, whom the app creates on its empty database. */
export const TEST_ADMIN = { email: 'admin@landbridge.test', password: 'correct-horse-battery-staple' };

export interface TestApp {
  app: NestFastifyApplication;
  database: TestDatabase;
  baseUrl: string;
  /** fetch() against the running app; `path` starts with `/`; `token` becomes `Authorization: Bearer`. */
  request: RequestFn;
  /** The typed API client calling as `who` (anonymous without). */
  as(who?: Principal): ApiClient;
  /** An access token of the first admin (created by the app on its empty database). */
  adminToken: () => Promise<string>;
  /** The typed API client calling as the first admin. */
  asAdmin(): Promise<ApiClient>;
  close(): Promise<void>;
}

/**
 * The app's OpenAPI document, which the API client checks every answer against, read once and out of band:
 * from an address of its own, so that reading it takes nothing from the rate limit of the tests' requests.
 */
function servedDocument(app: NestFastifyApplication): () => Promise<OpenApiValidator> {
  let document: Promise<OpenApiValidator> | undefined;
  return () =>
    (document ??= app
      .inject({ method: 'GET', url: '/api/v1/openapi.json', remoteAddress: '192.0.2.1' })
      .then((response) => new OpenApiValidator(response.json())));
}

/**
 * The api on its own fresh database, listening on a random local port: tests talk to it over real HTTP
 * exactly as a client would. With `shared`, a second api process on another app's database (which
 * that app drops).
 */
export async function startTestApp(env: Record<string, string> = {}, shared?: TestApp): Promise<TestApp> {
  const database = shared?.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_POOL_SIZE: '4',
    RUN_WORKER: 'false',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    ...(await throughPgBouncer(database.url)),
    ...env,
  });
  const app = await createApiApp({ config, databaseUrl: database.url });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('the test app is not listening on TCP');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const request: TestApp['request'] = (path, init = {}) => {
    const { json, token, headers, ...rest } = init;
    return fetch(baseUrl + path, {
      ...rest,
      headers: {
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(headers as Record<string, string> | undefined),
      },
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
  };
  const anonymous = new ApiClient(request, undefined, servedDocument(app));
  let signedIn: Promise<string> | undefined;
  const adminToken = () => (signedIn ??= anonymous.signIn(TEST_ADMIN).then((answer) => answer.accessToken));
  return {
    app,
    database,
    baseUrl,
    request,
    as: (who) => anonymous.as(who),
    adminToken,
    asAdmin: async () => anonymous.as(await adminToken()),
    close: async () => {
      await app.close();
      if (!shared) await database.drop();
    },
  };
}
