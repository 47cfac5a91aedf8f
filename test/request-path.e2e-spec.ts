import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { IdempotencyInterceptor } from '@landbridge/common';
import { createActor } from './support/actors.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

async function expectProblem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = (await response.json()) as Problem;
  expect(problem).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^https:\/\/landbridge\.dev\/problems\/[a-z-]+$/),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    }),
  );
  expect(JSON.stringify(problem)).not.toMatch(/\s+at\s+\S+\s+\(/); // no stack trace
  return problem;
}

const validStation = {
  code: 'RUVRS',
  country: 'RU',
  name: 'Vorsino',
  localName: 'Ворсино',
  gauge: 1520,
  kind: 'terminal',
  timezone: 'Europe/Moscow',
};

describe('the request path', () => {
  let api: TestApp;
  let admin: string;
  beforeAll(async () => {
    api = await startTestApp();
    admin = await api.adminToken();
  });
  afterAll(() => api.close());

  it('handles Idempotency-Key on every write route of every context, and on no read', () => {
    const discovery = api.app.get(DiscoveryService);
    const scanner = api.app.get(MetadataScanner);
    const routes: { name: string; write: boolean; idempotent: boolean }[] = [];
    for (const wrapper of discovery.getControllers()) {
      const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, () => unknown>;
      for (const method of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method]!;
        const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (verb === undefined) continue;
        const interceptors = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as unknown[];
        routes.push({
          name: `${wrapper.name}.${method}`,
          write: [RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE].includes(verb),
          idempotent: interceptors.includes(IdempotencyInterceptor),
        });
      }
    }
    expect(routes.filter((r) => r.write).length).toBeGreaterThanOrEqual(18);
    expect(routes.filter((r) => r.write !== r.idempotent)).toEqual([]);
  });

  it('replays a write of another context (an organization) for the same Idempotency-Key', async () => {
    const key = `org-${Date.now()}`;
    const create = () =>
      api.request('/api/v1/organizations', {
        method: 'POST',
        token: admin,
        json: { name: 'Zhengzhou Yutong Bus Co.', kind: 'exporter' },
        headers: { 'idempotency-key': key },
      });
    const first = await create();
    expect(first.status).toBe(201);
    const again = await create();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
  });

  it('answers malformed JSON with 400 malformed-json', async () => {
    const response = await api.request('/api/v1/stations', {
      method: 'POST',
      token: admin,
      headers: { 'content-type': 'application/json' },
      body: '{"code": "RUVRS",',
    });
    const problem = await expectProblem(response, 400);
    expect(problem.type).toBe('https://landbridge.dev/problems/malformed-json');
  });

  it('rejects an unknown property with 422 naming it', async () => {
    const response = await api.request('/api/v1/stations', {
      method: 'POST',
      token: admin,
      json: { ...validStation, colour: 'blue' },
    });
    const problem = await expectProblem(response, 422);
    expect(problem.errors).toEqual([{ field: 'colour', message: 'is not a known property' }]);
  });

  it('rejects a value of the wrong type with 422 naming the field and the reason', async () => {
    const response = await api.request('/api/v1/stations', {
      method: 'POST',
      token: admin,
      json: { ...validStation, gauge: '1520', name: 7 },
    });
    const problem = await expectProblem(response, 422);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'gauge', message: 'must be one of the following values: 1435, 1520' },
        { field: 'name', message: 'must be a string' },
      ]),
    );
  });

  it('names nested fields by their JSON path', async () => {
    const response = await api.request('/api/v1/routes', {
      method: 'POST',
      token: admin,
      json: {
        code: 'ZGZ-TEST',
        name: 'Test',
        stops: [
          { sequence: 1, stationCode: 'CNZGZ', plannedHoursFromOrigin: 0, gaugeChange: false },
          { sequence: 2, stationCode: 'cnerc', plannedHoursFromOrigin: 40, gaugeChange: 'no' },
        ],
      },
    });
    const problem = await expectProblem(response, 422);
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(['stops[1].gaugeChange', 'stops[1].stationCode']);
  });

  it('refuses hostile bodies with 4xx, never 5xx: deep nesting, NUL characters, __proto__, non-JSON', async () => {
    const tooDeep = await api.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
    });
    await expectProblem(tooDeep, 400);

    const nul = await api.request('/api/v1/organizations', {
      method: 'POST',
      token: admin,
      json: { name: 'a\u0000b', kind: 'exporter' },
    });
    expect((await expectProblem(nul, 422)).errors).toEqual([
      { field: 'name', message: 'must not contain NUL characters' },
    ]);
    await expectProblem(
      await api.request('/api/v1/auth/token', { method: 'POST', json: { email: 'a\u0000@b.c', password: 'x' } }),
      422,
    );

    const proto = await api.request('/api/v1/organizations', {
      method: 'POST',
      token: admin,
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Proto Motors","kind":"exporter","__proto__":{"admin":true}}',
    });
    expect((await expectProblem(proto, 422)).errors).toEqual([
      { field: '__proto__', message: 'is not a known property' },
    ]);

    const text = await api.request('/api/v1/organizations', {
      method: 'POST',
      token: admin,
      headers: { 'content-type': 'text/plain' },
      body: 'name=Text Motors',
    });
    await expectProblem(text, 415);
  });

  it('refuses a NUL or an over-long parameter in the URL as problem details', async () => {
    await expectProblem(await api.request('/api/v1/routes/%00', { token: admin }), 422);
    await expectProblem(await api.request(`/api/v1/stations/${'A'.repeat(300)}`, { token: admin }), 414);
  });

  it('answers an unknown path with 404', async () => {
    await expectProblem(await api.request('/api/v1/no-such-thing', { token: admin }), 404);
    await expectProblem(await api.request('/nowhere'), 404);
  });

  it('refuses a 2 MiB body with 413 and keeps serving', async () => {
    const response = await api.request('/api/v1/stations', {
      method: 'POST',
      token: admin,
      json: { ...validStation, name: 'x'.repeat(2 * 1024 * 1024) },
    });
    const problem = await expectProblem(response, 413);
    expect(problem.type).toBe('https://landbridge.dev/problems/payload-too-large');
    expect((await api.request('/health')).status).toBe(200);
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const given = await api.request('/health', { headers: { 'x-request-id': 'trace-42.a' } });
    expect(given.headers.get('x-request-id')).toBe('trace-42.a');
    const made = await api.request('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves metrics to staff only, with request durations by route', async () => {
    await expectProblem(await api.request('/metrics'), 401);
    const exporter = await createActor(api, 'exporter');
    await expectProblem(await api.request('/metrics', { token: exporter.token }), 403);
    const response = await api.request('/metrics', { token: admin });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toMatch(/route="\/api\/v1\/stations",status="422"/);
  });
});

describe('health', () => {
  it('is public and reports the database up, then 503 when the database is gone', async () => {
    const api = await startTestApp();
    try {
      const up = await api.request('/health');
      expect(up.status).toBe(200);
      expect(await up.json()).toEqual({ status: 'ok', checks: { database: 'up' } });

      await api.database.drop();
      const down = await api.request('/health');
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'error', checks: { database: 'down' } });
    } finally {
      await api.app.close();
    }
  });

  it('serves metrics without credentials when METRICS_PUBLIC=true', async () => {
    const api = await startTestApp({ METRICS_PUBLIC: 'true' });
    try {
      expect((await api.request('/metrics')).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
