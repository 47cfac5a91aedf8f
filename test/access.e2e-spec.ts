import { randomUUID } from 'node:crypto';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { SignJWT } from 'jose';
import pg from 'pg';
import { type Actor, createActor, TEST_ADMIN } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { OpenApiOperation } from './support/api-types.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const TOKEN_SECRET = 'test-secret-that-is-long-enough-0123456789';

/** An empty JSON body for the methods that take one. */
const withBody = (method: string) => (['POST', 'PUT', 'PATCH'].includes(method) ? { json: {} } : {});

/** A concrete URL for an OpenAPI path template: ids become random UUIDs, codes real-looking codes. */
function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === 'code' ? 'CNZGZ' : name === 'vin' ? '1M8GDM9AXKP042788' : randomUUID(),
  );
}

describe('access control on every route', () => {
  let api: TestApp;
  let exporter: Actor;
  let asExporter: ApiClient;
  let operations: { method: string; path: string; operation: OpenApiOperation }[];

  beforeAll(async () => {
    api = await startTestApp({ TOKEN_SECRET });
    exporter = await createActor(api, 'exporter');
    asExporter = api.as(exporter);
    const document = await api.as().openApi();
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );
  });
  afterAll(() => api.close());

  it('documents every route the router serves, so the checks below cover all of them', () => {
    const discovery = api.app.get(DiscoveryService);
    const scanner = api.app.get(MetadataScanner);
    const served: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const controller = wrapper.metatype as new () => object;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, object>)[name]!;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const full = `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/:(\w+)/g, '{$1}');
        served.push(`${method} ${full}`);
      }
    }
    const documented = operations.map((op) => `${op.method} ${op.path.replace(/^\/api\/v1/, '')}`);
    expect(served.length).toBeGreaterThan(10);
    for (const route of served) expect(documented).toContain(route);
  });

  it('answers 401 without credentials on every route that is not public', async () => {
    const closed = operations.filter((op) => !op.operation['x-public']);
    expect(closed.length).toBeGreaterThan(10);
    for (const { method, path } of closed) {
      const response = await api.as().request(method, concrete(path), withBody(method)).response;
      expect(`${method} ${path} ${response.status}`).toBe(`${method} ${path} 401`);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  it('declares roles on every route that is not public', () => {
    for (const { method, path, operation } of operations) {
      if (operation['x-public']) continue;
      expect(`${method} ${path}: ${JSON.stringify(operation['x-roles'])}`).toMatch(/: \["/);
    }
  });

  it("answers 403 to an exporter's token on every route exporters may not call", async () => {
    const forbidden = operations.filter(
      (op) => op.operation['x-roles'] && !op.operation['x-roles'].includes('exporter'),
    );
    expect(forbidden.map((op) => `${op.method} ${op.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/organizations',
        'POST /api/v1/users',
        'GET /api/v1/users',
        'GET /api/v1/users/{id}',
        'PATCH /api/v1/users/{id}',
        'POST /api/v1/stations',
      ]),
    );
    for (const { method, path } of forbidden) {
      const response = await asExporter.request(method, concrete(path), withBody(method)).response;
      expect(`${method} ${path} ${response.status}`).toBe(`${method} ${path} 403`);
    }
  });

  it('keeps only an argon2id hash of passwords and a SHA-256 of API key secrets', async () => {
    const key = await asExporter.createApiKey({ name: 'erp' });
    const client = new pg.Client({ connectionString: api.database.url });
    await client.connect();
    try {
      const users = await client.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [
        exporter.email,
      ]);
      expect(users.rows[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(users.rows[0]!.password_hash).not.toContain(exporter.password);
      const dump = await client.query<{ row: string }>('SELECT row_to_json(k)::text AS row FROM api_keys k');
      const secret = key.key.split('_').slice(2).join('_');
      for (const { row } of dump.rows) {
        expect(row).not.toContain(secret);
        expect(row).not.toContain(Buffer.from(secret).toString('hex'));
      }
    } finally {
      await client.end();
    }
  });

  it('lets an API key act as its creator until it is revoked, effective on the next request', async () => {
    const { id, key } = await asExporter.createApiKey({ name: 'ERP integration' });
    expect(key).toMatch(/^lb_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);

    const asKey = api.as(key);
    expect(await asKey.me()).toEqual(
      expect.objectContaining({ id: exporter.userId, role: 'exporter', organizationId: exporter.organizationId }),
    );
    await asKey.listOrganizations().expectStatus(403);

    const listed = await asExporter.listApiKeys();
    expect(listed.items.find((item) => item.id === id)?.prefix).toBe(key.split('_').slice(0, 2).join('_'));
    expect(JSON.stringify(listed)).not.toContain(key);

    await asExporter.revokeApiKey(id);
    await asKey.me().expectStatus(401);
  });

  it("does not let one user revoke another's key (404, as if it did not exist)", async () => {
    const other = await createActor(api, 'exporter');
    const { id } = await api.as(other).createApiKey({ name: 'theirs' });
    await asExporter.revokeApiKey(id).expectStatus(404);
  });

  it('rejects expired, tampered and unsigned tokens with 401', async () => {
    const key = new TextEncoder().encode(TOKEN_SECRET);
    const claims = { role: 'admin', org: exporter.organizationId };
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(exporter.userId)
      .setIssuer('landbridge')
      .setAudience('landbridge-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1800)
      .sign(key);
    expect((await api.as(expired).me().expectStatus(401)).detail).toContain('expired');

    const [header, payload, signature] = exporter.token.split('.');
    const elevated = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    await api.as(`${header}.${elevated}.${signature}`).listOrganizations().expectStatus(401);

    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${elevated}.`;
    await api.as(none).listOrganizations().expectStatus(401);
    await api
      .as('lb_0123456789abcdef_' + 'A'.repeat(43))
      .listOrganizations()
      .expectStatus(401);
  });

  it('stops accepting a token the moment it expires, though it was accepted (and remembered) before', async () => {
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await new SignJWT({ role: 'exporter', org: exporter.organizationId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(exporter.userId)
      .setIssuer('landbridge')
      .setAudience('landbridge-api')
      .setIssuedAt(now)
      .setExpirationTime(now + 2)
      .sign(new TextEncoder().encode(TOKEN_SECRET));
    await api.as(shortLived).me();
    await new Promise((done) => setTimeout(done, (now + 2) * 1000 - Date.now() + 50));
    await api.as(shortLived).me().expectStatus(401);
  });

  it('gives the same 401 for an unknown email and a wrong password', async () => {
    const unknown = api.as().signIn({ email: 'nobody@example.test', password: 'whatever-password' });
    const wrong = api.as().signIn({ email: TEST_ADMIN.email, password: 'not-the-password' });
    expect(await unknown.expectStatus(401)).toEqual(await wrong.expectStatus(401));
  });

  it('slows password guessing: the 11th attempt within a minute gets 429 with Retry-After', async () => {
    // Every attempt counts, successful or not: use an account nobody has signed in to yet.
    const target = `target.${randomUUID()}@example.test`;
    const attempt = () => api.as().signIn({ email: target, password: 'guess-guess-guess' });
    for (let i = 1; i <= 10; i++) await attempt().expectStatus(401);
    const blocked = attempt();
    await blocked.expectProblem(429);
    expect(Number((await blocked.response).headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same address is not locked out.
    await api.as().signIn(TEST_ADMIN);
  });
});

describe('organizations and users', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('lets an admin create an exporter organization and its user, who can then sign in', async () => {
    const exporter = await createActor(api, 'exporter', 'Yutong Bus Co., Ltd.');
    expect(await api.as(exporter).me()).toEqual({
      id: exporter.userId,
      email: exporter.email,
      role: 'exporter',
      organizationId: exporter.organizationId,
      disabled: false,
      version: 1,
    });
  });

  it('refuses a second organization of the same name (409) and a staff role in an exporter organization (422)', async () => {
    const exporter = await createActor(api, 'exporter', 'BYD Zhengzhou');
    const admin = await api.asAdmin();
    await admin.createOrganization({ name: 'byd zhengzhou', kind: 'exporter' }).expectStatus(409);
    const misplaced = await admin
      .createUser({
        email: 'ops@byd.example',
        password: 'long-enough-password',
        role: 'operator',
        organizationId: exporter.organizationId,
      })
      .expectStatus(422);
    expect(misplaced.errors![0]!.field).toBe('role');
  });

  it('refuses a duplicate email regardless of case (409)', async () => {
    const exporter = await createActor(api, 'exporter');
    const admin = await api.asAdmin();
    await admin
      .createUser({
        email: exporter.email.toUpperCase(),
        password: 'long-enough-password',
        role: 'exporter',
        organizationId: exporter.organizationId,
      })
      .expectStatus(409);
  });
});
