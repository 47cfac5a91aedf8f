import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@landbridge/common';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { signIn, TEST_ADMIN } from './actors.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  database: TestDatabase;
  baseUrl: string;
  /** fetch() against the running app; `path` starts with `/`; `token` becomes `Authorization: Bearer`. */
  request: (path: string, init?: RequestInit & { json?: unknown; token?: string }) => Promise<Response>;
  /** An access token of the first admin (created by the app on its empty database). */
  adminToken: () => Promise<string>;
  close(): Promise<void>;
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
  let adminToken: Promise<string> | undefined;
  return {
    app,
    database,
    baseUrl,
    request,
    adminToken: () => (adminToken ??= signIn(request, TEST_ADMIN.email, TEST_ADMIN.password)),
    close: async () => {
      await app.close();
      if (!shared) await database.drop();
    },
  };
}
