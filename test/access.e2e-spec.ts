import { randomUUID } from 'node:crypto';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { SignJWT } from 'jose';
import pg from 'pg';
import { type Actor, createActor, TEST_ADMIN } from './support/actors.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Operation {
  'x-public'?: boolean;
  'x-roles'?: string[];
}
type OpenApi = { paths: Record<string, Record<string, Operation>> };

const TOKEN_SECRET = 'test-secret-that-is-long-enough-0123456789';

/** A concrete URL for an OpenAPI path template: ids become random UUIDs, codes real-looking codes. */
function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === 'code' ? 'CNZGZ' : name === 'vin' ? '1M8GDM9AXKP042788' : randomUUID(),
  );
}

describe('access control on every route', () => {
  let api: TestApp;
  let exporter: Actor;
  let operations: { method: string; path: string; operation: Operation }[];

  beforeAll(async () => {
    api = await startTestApp({ TOKEN_SECRET });
    exporter = await createActor(api, 'exporter');
    const document = (await (await api.request('/api/v1/openapi.json')).json()) as OpenApi;
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
      const response = await api.request(concrete(path), {
        method,
        ...(['POST', 'PUT', 'PATCH'].includes(method) ? { json: {} } : {}),
      });
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
      expect.arrayContaining(['POST /api/v1/organizations', 'POST /api/v1/users', 'POST /api/v1/stations']),
    );
    for (const { method, path } of forbidden) {
      const response = await api.request(concrete(path), {
        method,
        token: exporter.token,
        ...(['POST', 'PUT', 'PATCH'].includes(method) ? { json: {} } : {}),
      });
      expect(`${method} ${path} ${response.status}`).toBe(`${method} ${path} 403`);
    }
  });

  it('keeps only an argon2id hash of passwords and a SHA-256 of API key secrets', async () => {
    const key = (await (
      await api.request('/api/v1/api-keys', { method: 'POST', token: exporter.token, json: { name: 'erp' } })
    ).json()) as { key: string };
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
    const created = await api.request('/api/v1/api-keys', {
      method: 'POST',
      token: exporter.token,
      json: { name: 'ERP integration' },
    });
    expect(created.status).toBe(201);
    const { id, key } = (await created.json()) as { id: string; key: string };
    expect(key).toMatch(/^lb_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);

    const me = await api.request('/api/v1/users/me', { token: key });
    expect(await me.json()).toEqual(
      expect.objectContaining({ id: exporter.userId, role: 'exporter', organizationId: exporter.organizationId }),
    );
    expect((await api.request('/api/v1/organizations', { token: key })).status).toBe(403);

    const listed = (await (await api.request('/api/v1/api-keys', { token: exporter.token })).json()) as {
      items: { id: string; prefix: string }[];
    };
    expect(listed.items.find((item) => item.id === id)?.prefix).toBe(key.split('_').slice(0, 2).join('_'));
    expect(JSON.stringify(listed)).not.toContain(key);

    expect((await api.request(`/api/v1/api-keys/${id}`, { method: 'DELETE', token: exporter.token })).status).toBe(204);
    const after = await api.request('/api/v1/users/me', { token: key });
    expect(after.status).toBe(401);
  });

  it("does not let one user revoke another's key (404, as if it did not exist)", async () => {
    const other = await createActor(api, 'exporter');
    const { id } = (await (
      await api.request('/api/v1/api-keys', { method: 'POST', token: other.token, json: { name: 'theirs' } })
    ).json()) as { id: string };
    expect((await api.request(`/api/v1/api-keys/${id}`, { method: 'DELETE', token: exporter.token })).status).toBe(404);
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
    const expiredResponse = await api.request('/api/v1/users/me', { token: expired });
    expect(expiredResponse.status).toBe(401);
    expect(((await expiredResponse.json()) as { detail: string }).detail).toContain('expired');

    const [header, payload, signature] = exporter.token.split('.');
    const elevated = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    expect((await api.request('/api/v1/organizations', { token: `${header}.${elevated}.${signature}` })).status).toBe(
      401,
    );

    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${elevated}.`;
    expect((await api.request('/api/v1/organizations', { token: none })).status).toBe(401);
    expect(
      (await api.request('/api/v1/organizations', { token: 'lb_0123456789abcdef_' + 'A'.repeat(43) })).status,
    ).toBe(401);
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
    expect((await api.request('/api/v1/users/me', { token: shortLived })).status).toBe(200);
    await new Promise((done) => setTimeout(done, (now + 2) * 1000 - Date.now() + 50));
    const after = await api.request('/api/v1/users/me', { token: shortLived });
    expect(after.status).toBe(401);
  });

  it('gives the same 401 for an unknown email and a wrong password', async () => {
    const unknown = await api.request('/api/v1/auth/token', {
      method: 'POST',
      json: { email: 'nobody@example.test', password: 'whatever-password' },
    });
    const wrong = await api.request('/api/v1/auth/token', {
      method: 'POST',
      json: { email: TEST_ADMIN.email, password: 'not-the-password' },
    });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  it('slows password guessing: the 11th attempt within a minute gets 429 with Retry-After', async () => {
    // Every attempt counts, successful or not: use an account nobody has signed in to yet.
    const target = `target.${randomUUID()}@example.test`;
    const attempt = () =>
      api.request('/api/v1/auth/token', {
        method: 'POST',
        json: { email: target, password: 'guess-guess-guess' },
      });
    for (let i = 1; i <= 10; i++) expect((await attempt()).status).toBe(401);
    const blocked = await attempt();
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.headers.get('content-type')).toContain('application/problem+json');
    // Another account from the same address is not locked out.
    const admin = await api.request('/api/v1/auth/token', { method: 'POST', json: TEST_ADMIN });
    expect(admin.status).toBe(200);
  });
});

describe('organizations and users', () => {
  let api: TestApp;
  let admin: string;
  beforeAll(async () => {
    api = await startTestApp();
    admin = await api.adminToken();
  });
  afterAll(() => api.close());

  it('lets an admin create an exporter organization and its user, who can then sign in', async () => {
    const exporter = await createActor(api, 'exporter', 'Yutong Bus Co., Ltd.');
    const me = await api.request('/api/v1/users/me', { token: exporter.token });
    expect(await me.json()).toEqual({
      id: exporter.userId,
      email: exporter.email,
      role: 'exporter',
      organizationId: exporter.organizationId,
    });
  });

  it('refuses a second organization of the same name (409) and a staff role in an exporter organization (422)', async () => {
    const exporter = await createActor(api, 'exporter', 'BYD Zhengzhou');
    const duplicate = await api.request('/api/v1/organizations', {
      method: 'POST',
      token: admin,
      json: { name: 'byd zhengzhou', kind: 'exporter' },
    });
    expect(duplicate.status).toBe(409);
    const misplaced = await api.request('/api/v1/users', {
      method: 'POST',
      token: admin,
      json: {
        email: 'ops@byd.example',
        password: 'long-enough-password',
        role: 'operator',
        organizationId: exporter.organizationId,
      },
    });
    expect(misplaced.status).toBe(422);
    expect(((await misplaced.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('role');
  });

  it('refuses a duplicate email regardless of case (409)', async () => {
    const exporter = await createActor(api, 'exporter');
    const duplicate = await api.request('/api/v1/users', {
      method: 'POST',
      token: admin,
      json: {
        email: exporter.email.toUpperCase(),
        password: 'long-enough-password',
        role: 'exporter',
        organizationId: exporter.organizationId,
      },
    });
    expect(duplicate.status).toBe(409);
  });
});
