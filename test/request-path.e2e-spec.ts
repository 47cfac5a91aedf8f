import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { IdempotencyInterceptor } from '@landbridge/common';
import pg from 'pg';
import { createActor } from './support/actors.js';
import type { ApiCall, ApiClient } from './support/api-client.js';
import type { Health, Problem } from './support/api-types.js';
import { aStation, aTrain } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The problem details of a call that must answer `status`, in the shape every problem of the API has. */
async function expectProblem(call: ApiCall<unknown>, status: number): Promise<Problem> {
  const problem = await call.expectStatus(status);
  expect((await call.response).headers.get('content-type')).toMatch(/^application\/problem\+json/);
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

const json = { 'content-type': 'application/json' };

describe('the request path', () => {
  let api: TestApp;
  let admin: ApiClient;
  beforeAll(async () => {
    api = await startTestApp();
    admin = await api.asAdmin();
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
    const idempotencyKey = `org-${Date.now()}`;
    const create = () =>
      admin.createOrganization({ name: 'Zhengzhou Yutong Bus Co.', kind: 'exporter' }, { idempotencyKey });
    const first = await create();
    const again = create();
    expect(await again).toEqual(first);
    expect((await again.response).headers.get('idempotent-replayed')).toBe('true');
  });

  it('commits the answer to an Idempotency-Key with the write, so a retry after a crash past the commit replays it', async () => {
    // A deferred trigger fires at the commit of the train's own transaction and copies what it sees of the
    // key then: the answer must be stored already, not left to the response hook that runs after the commit.
    const db = new pg.Client({ connectionString: api.database.url });
    await db.connect();
    await db.query('CREATE TABLE probe_keys (key text, state text, status int, body text)');
    // SECURITY DEFINER: the trigger fires in the service's transaction, as its role (landbridge_app), which
    // has no rights on the probe's own table.
    await db.query(`CREATE FUNCTION probe_key() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN
        INSERT INTO probe_keys SELECT key, state, response_status, response_body FROM idempotency_keys
        WHERE key LIKE 'probe-%'; RETURN NULL; END $$`);
    await db.query(`CREATE CONSTRAINT TRIGGER probe_key AFTER INSERT ON trains DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION probe_key()`);
    try {
      const operator = await createActor(api, 'operator');
      const train = await api.as(operator).createTrain(aTrain(), { idempotencyKey: 'probe-train' });
      const { rows } = await db.query<{ key: string; state: string; status: number; body: string }>(
        'SELECT * FROM probe_keys',
      );
      expect(rows).toEqual([{ key: 'probe-train', state: 'completed', status: 201, body: expect.any(String) }]);
      expect(JSON.parse(rows[0]!.body)).toEqual(train);
    } finally {
      await db.query('DROP TRIGGER probe_key ON trains; DROP FUNCTION probe_key(); DROP TABLE probe_keys');
      await db.end();
    }
  });

  it('answers malformed JSON with 400 malformed-json', async () => {
    const problem = await expectProblem(
      admin.request('POST', '/api/v1/stations', { headers: json, body: '{"code": "RUVRS",' }),
      400,
    );
    expect(problem.type).toBe('https://landbridge.dev/problems/malformed-json');
  });

  it('rejects an unknown property with 422 naming it', async () => {
    const problem = await expectProblem(
      admin.request('POST', '/api/v1/stations', { json: { ...aStation(), colour: 'blue' } }),
      422,
    );
    expect(problem.errors).toEqual([{ field: 'colour', message: 'is not a known property' }]);
  });

  it('rejects a value of the wrong type with 422 naming the field and the reason', async () => {
    const problem = await expectProblem(
      admin.request('POST', '/api/v1/stations', { json: { ...aStation(), gauge: '1520', name: 7 } }),
      422,
    );
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'gauge', message: 'must be one of the following values: 1435, 1520' },
        { field: 'name', message: 'must be a string' },
      ]),
    );
  });

  it('names nested fields by their JSON path', async () => {
    const route = {
      code: 'ZGZ-TEST',
      name: 'Test',
      stops: [
        { sequence: 1, stationCode: 'CNZGZ', plannedHoursFromOrigin: 0, gaugeChange: false },
        { sequence: 2, stationCode: 'cnerc', plannedHoursFromOrigin: 40, gaugeChange: 'no' },
      ],
    };
    const problem = await expectProblem(admin.request('POST', '/api/v1/routes', { json: route }), 422);
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(['stops[1].gaugeChange', 'stops[1].stationCode']);
  });

  it('refuses hostile bodies with 4xx, never 5xx: deep nesting, NUL characters, __proto__, non-JSON', async () => {
    const anonymous = api.as();
    const tooDeep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    await expectProblem(anonymous.request('POST', '/api/v1/auth/token', { headers: json, body: tooDeep }), 400);

    const nul = await expectProblem(admin.createOrganization({ name: 'a\u0000b', kind: 'exporter' }), 422);
    expect(nul.errors).toEqual([{ field: 'name', message: 'must not contain NUL characters' }]);
    await expectProblem(anonymous.signIn({ email: 'a\u0000@b.c', password: 'x' }), 422);

    const proto = await expectProblem(
      admin.request('POST', '/api/v1/organizations', {
        headers: json,
        body: '{"name":"Proto Motors","kind":"exporter","__proto__":{"admin":true}}',
      }),
      422,
    );
    expect(proto.errors).toEqual([{ field: '__proto__', message: 'is not a known property' }]);

    await expectProblem(
      admin.request('POST', '/api/v1/organizations', {
        headers: { 'content-type': 'text/plain' },
        body: 'name=Text Motors',
      }),
      415,
    );
  });

  it('refuses a NUL or an over-long parameter in the URL as problem details', async () => {
    await expectProblem(admin.getRoute('%00'), 422);
    await expectProblem(admin.getStation('A'.repeat(300)), 414);
  });

  it('answers an unknown path with 404', async () => {
    await expectProblem(admin.get('/api/v1/no-such-thing'), 404);
    await expectProblem(api.as().get('/nowhere'), 404);
  });

  it('refuses a 2 MiB body with 413 and keeps serving', async () => {
    const problem = await expectProblem(admin.createStation(aStation({ name: 'x'.repeat(2 * 1024 * 1024) })), 413);
    expect(problem.type).toBe('https://landbridge.dev/problems/payload-too-large');
    await api.as().health();
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const requestId = async (given: string) =>
      (await api.as().get('/health', { headers: { 'x-request-id': given } }).response).headers.get('x-request-id');
    expect(await requestId('trace-42.a')).toBe('trace-42.a');
    expect(await requestId('bad id with spaces')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves metrics to staff only, with request durations by route', async () => {
    await expectProblem(api.as().metrics(), 401);
    const exporter = await createActor(api, 'exporter');
    await expectProblem(api.as(exporter).metrics(), 403);
    const text = await admin.metrics();
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toMatch(/route="\/api\/v1\/stations",status="422"/);
  });
});

describe('health', () => {
  it('is public and reports the database up, then 503 when the database is gone', async () => {
    const api = await startTestApp();
    try {
      expect(await api.as().health()).toEqual({ status: 'ok', checks: { database: 'up' } });

      await api.database.drop();
      const down = await api.as().health().expectStatus<Health>(503);
      expect(down).toEqual({ status: 'error', checks: { database: 'down' } });
    } finally {
      await api.app.close();
    }
  });

  it('serves metrics without credentials when METRICS_PUBLIC=true', async () => {
    const api = await startTestApp({ METRICS_PUBLIC: 'true' });
    try {
      await api.as().metrics();
    } finally {
      await api.close();
    }
  });
});
