import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@landbridge/common';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  database: TestDatabase;
  baseUrl: string;
  /** fetch() against the running app; `path` starts with `/`. */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The api on its own fresh database, listening on a random local port: tests talk to it over real HTTP
 * exactly as a client would.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '4', ...env });
  const app = await createApiApp({ config, databaseUrl: database.url });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('the test app is not listening on TCP');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    database,
    baseUrl,
    request: (path, init = {}) => {
      const { json, headers, ...rest } = init;
      return fetch(baseUrl + path, {
        ...rest,
        headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...(headers ?? {}) },
        body: json === undefined ? rest.body : JSON.stringify(json),
      });
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
