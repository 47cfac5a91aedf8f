import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { type Actor, createActor, createUser, TEST_ADMIN } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { Page, UpdateEvent } from './support/api-types.js';
import { aConsignment, aTrain } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Each finding of the hardening review, as a client would run into it. */

const cursorOf = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

describe('sign-in limits that a client address cannot dodge', () => {
  const failedSignIns = async (api: TestApp, email: string) => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 1; i <= 12; i++) {
      const response = await api
        .as()
        .signIn({ email, password: 'not-the-password' }, { headers: { 'x-forwarded-for': `203.0.113.${i}` } }).response;
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    return { statuses, retryAfter };
  };

  it.each([
    ['TRUST_PROXY unset', {}],
    ['one trusted hop (the proxy at 127.0.0.1)', { TRUST_PROXY: '127.0.0.1' }],
    ['one trusted hop (a hop count)', { TRUST_PROXY: '1' }],
  ])('answers the 11th and 12th failed sign-in from 12 addresses with 429 and Retry-After (%s)', async (_, env) => {
    const api = await startTestApp(env);
    try {
      const user = await createUser(api, 'operator');
      const { statuses, retryAfter } = await failedSignIns(api, user.email);
      expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      // Behind a trusted proxy every attempt has its own address: the account's 15-minute window refuses it.
      if ('TRUST_PROXY' in env) expect(Number(retryAfter)).toBeGreaterThan(60);
      // The right password does not get through either until the window ends.
      const right = api
        .as()
        .signIn(
          { email: user.email.toUpperCase(), password: user.password },
          { headers: { 'x-forwarded-for': '198.51.100.7' } },
        );
      await right.expectStatus(429);
      expect((await right.response).headers.get('retry-after')).not.toBeNull();
      // Another account is not affected.
      const other = await createActor(api, 'exporter');
      expect(other.token).toBeTruthy();
    } finally {
      await api.close();
    }
  });

  it('forgets failures after a successful sign-in', async () => {
    // Behind a trusted proxy, each attempt from its own address: only the account's limit applies.
    const api = await startTestApp({ TRUST_PROXY: '127.0.0.1' });
    try {
      const user = await createUser(api, 'operator');
      let address = 0;
      const attempt = (password: string) =>
        api.as().signIn({ email: user.email, password }, { headers: { 'x-forwarded-for': `198.51.100.${++address}` } });
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 5; i++) await attempt('wrong-password').expectStatus(401);
        await attempt(user.password);
      }
    } finally {
      await api.close();
    }
  });
});

describe('request limits per principal', () => {
  let api: TestApp;
  let operator: Actor;

  beforeAll(async () => {
    api = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    // createActor signs in and creates through the admin's token: another principal than the operator's.
    operator = await createActor(api, 'operator');
  });
  afterAll(() => api.close());

  it('counts a token however the Authorization header spells it (extra spaces, case of Bearer)', async () => {
    const statuses: number[] = [];
    const spellings = ['Bearer ', 'Bearer  ', 'bearer   ', 'BEARER\t', 'Bearer     ', 'Bearer        '];
    for (const spelling of spellings) {
      const response = await api
        .as()
        .get('/api/v1/stations', { headers: { authorization: `${spelling}${operator.token}` } }).response;
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toBe(429);
  });

  it('keys anonymous callers on their own address, not on an X-Forwarded-For they choose', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await api.as().get('/api/v1/stations', { headers: { 'x-forwarded-for': `192.0.2.${i}` } })
        .response;
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
  });
});

describe('secrets shown once are kept nowhere', () => {
  let api: TestApp;
  let exporter: Actor;

  beforeAll(async () => {
    api = await startTestApp({ ALLOW_HTTP_WEBHOOKS: 'true', ALLOW_PRIVATE_WEBHOOKS: 'true' });
    exporter = await createActor(api, 'exporter');
  });
  afterAll(() => api.close());

  /** Every row of every table of the database, as text. */
  async function everyRow(): Promise<string[]> {
    const db = new pg.Client({ connectionString: api.database.url });
    await db.connect();
    try {
      const { rows: tables } = await db.query<{ name: string }>(
        "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
      );
      const rows: string[] = [];
      for (const table of tables) {
        const result = await db.query<{ row: string }>(`SELECT t::text AS row FROM ${table.name} t`);
        rows.push(...result.rows.map((r) => r.row));
      }
      return rows;
    } finally {
      await db.end();
    }
  }

  it('replays a create with a secret as 409 naming what was created, and no table holds a key or whsec_ secret', async () => {
    const asExporter = api.as(exporter);
    const createKey = () => asExporter.createApiKey({ name: 'ERP connector' }, { idempotencyKey: 'create-erp-key' });
    const key = await createKey();
    const replay = createKey();
    const problem = await replay.expectStatus(409);
    expect((await replay.response).headers.get('idempotent-replayed')).toBe('true');
    expect(problem.createdId).toBe(key.id);
    expect(JSON.stringify(problem)).not.toContain(key.key.split('_').at(-1));

    const createHook = () =>
      asExporter.createWebhook(
        { url: 'http://127.0.0.1:9/hooks', events: ['consignment.status_changed'] },
        { idempotencyKey: 'create-hook' },
      );
    const hook = await createHook();
    expect(hook.secret).toMatch(/^whsec_/);
    const hookReplay = await createHook().expectStatus(409);
    expect(hookReplay.createdId).toBe(hook.id);
    expect(JSON.stringify(hookReplay)).not.toContain('whsec_');

    const rows = await everyRow();
    expect(rows.length).toBeGreaterThan(10);
    const secretOfKey = key.key.split('_').at(-1)!;
    const secretOfHook = hook.secret.slice('whsec_'.length);
    for (const row of rows) {
      expect(row).not.toContain(secretOfKey);
      expect(row).not.toContain('whsec_');
      expect(row).not.toContain(secretOfHook);
      expect(row).not.toContain(Buffer.from(secretOfHook, 'base64').toString('hex'));
    }
  });

  it("does not replay one principal's answers to another: an API key has its own Idempotency-Keys", async () => {
    const key = await api.as(exporter).createApiKey({ name: 'hooks' });
    const subscribe = (token: string) =>
      api
        .as(token)
        .createWebhook(
          { url: 'http://127.0.0.1:9/other', events: ['consignment.status_changed'] },
          { idempotencyKey: 'same-key-two-principals' },
        );
    const byUser = await subscribe(exporter.token);
    const byKey = subscribe(key.key);
    expect((await byKey.response).headers.get('idempotent-replayed')).toBeNull();
    expect((await byKey).id).not.toBe(byUser.id);
  });
});

describe('API keys cannot mint API keys', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('answers 403 to an API key creating a key, so no key outlives the revocation of its parent', async () => {
    const operator = api.as(await createActor(api, 'operator'));
    const parent = await operator.createApiKey({ name: 'parent' });
    const asKey = api.as(parent.key);
    expect((await asKey.createApiKey({ name: 'child' }).expectStatus(403)).detail).toMatch(/signed-in user/);
    // The key still does everything else its creator may.
    await asKey.listTrains();
    await operator.revokeApiKey(parent.id);
    await asKey.listTrains().expectStatus(401);
  });
});

describe('crafted input answers 4xx, never 5xx', () => {
  let api: TestApp;
  let admin: ApiClient;
  let exporter: ApiClient;
  let webhookId: string;

  beforeAll(async () => {
    api = await startTestApp({ ALLOW_HTTP_WEBHOOKS: 'true' });
    admin = await api.asAdmin();
    exporter = api.as(await createActor(api, 'exporter'));
    const hook = await exporter.createWebhook({
      url: 'http://93.184.215.14/hooks',
      events: ['consignment.status_changed'],
    });
    webhookId = hook.id;
  });
  afterAll(() => api.close());

  const crafted = [
    cursorOf(['not-a-time', 'x']),
    cursorOf(['2024-03-20T01:30:00.000000Z', 'not-a-uuid']),
    cursorOf(['2023-02-29T00:00:00Z', randomUUID()]),
    cursorOf([1, 2]),
    cursorOf(['a\u0000b']),
    cursorOf(['x']),
  ];
  it.each([
    '/api/v1/consignments',
    '/api/v1/trains',
    '/api/v1/api-keys',
    '/api/v1/webhooks',
    '/api/v1/webhooks/{id}/deliveries',
    '/api/v1/organizations',
    '/api/v1/stations',
    '/api/v1/routes',
  ])('refuses crafted cursors on %s with 422 naming the cursor', async (path) => {
    for (const cursor of crafted) {
      const url = `${path.replace('{id}', webhookId)}?cursor=${cursor}`;
      const call = (path.startsWith('/api/v1/webhooks') ? exporter : admin).get(url);
      if ((await call.response).status === 200) continue; // a cursor that happens to be a valid key of this list
      const problem = await call.expectStatus(422);
      expect(problem.errors).toEqual([{ field: 'cursor', message: 'is not a valid cursor' }]);
    }
  });

  it.each([
    ['from=0000-01-01&to=2024-01-31', 'from'],
    ['from=2024-01-01&to=9999-12-31', 'to'],
    ['from=1999-12-31&to=2024-01-31', 'from'],
    ['from=2023-02-29&to=2024-01-31', 'from'],
  ])('refuses a report for %s with 422 naming the field', async (query, field) => {
    const problem = await admin.exportReport(query).expectStatus(422);
    expect(problem.errors?.map((e) => e.field)).toEqual([field]);
  });

  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf'])(
    'refuses an unknown property named %s (422), at the top and nested, and stores nothing',
    async (name) => {
      const json = { 'content-type': 'application/json' };
      const organization = JSON.stringify({ name: `Proto ${name}`, kind: 'exporter' }).replace(
        /}$/,
        `,${JSON.stringify(name)}:{"admin":true}}`,
      );
      const top = await admin
        .request('POST', '/api/v1/organizations', { body: organization, headers: json })
        .expectStatus(422);
      expect(top.errors).toEqual([{ field: name, message: 'is not a known property' }]);
      const consignment = aConsignment(1);
      const nested = JSON.stringify(consignment).replace('"powertrain"', `${JSON.stringify(name)}:1,"powertrain"`);
      const problem = await exporter
        .request('POST', '/api/v1/consignments', { body: nested, headers: json })
        .expectStatus(422);
      expect(problem.errors).toEqual([{ field: `vehicles[0].${name}`, message: 'is not a known property' }]);
      const found = await admin.listConsignments({ waybillNumber: consignment.waybillNumber });
      expect(found.items).toHaveLength(0);
      const query = await admin.get(`/api/v1/trains?${name}=1`).expectStatus(422);
      expect(query.errors?.[0]?.field).toBe(name);
    },
  );

  it.each(['http://127.0.0.1/hooks', 'http://[::7f00:1]/hooks', 'http://[::ffff:7f00:1]/hooks', 'http://[::a00:1]/h'])(
    'refuses the webhook target %s saying only that it is not allowed',
    async (url) => {
      const problem = await exporter.createWebhook({ url, events: ['consignment.status_changed'] }).expectStatus(422);
      expect(problem.errors?.[0]?.field).toBe('url');
      expect(JSON.stringify(problem)).not.toMatch(/127\.0\.0\.1|7f00|10\.0\.0\.1|loopback|private address/);
    },
  );
});

describe('what the fuzz suite found answers 4xx, never 5xx', () => {
  let api: TestApp;
  let admin: ApiClient;
  let operator: ApiClient;

  beforeAll(async () => {
    api = await startTestApp();
    admin = await api.asAdmin();
    operator = api.as(await createActor(api, 'operator'));
  });
  afterAll(() => api.close());

  it('refuses a body that is JSON but not an object (null, an array, a number) with 400', async () => {
    const train = await operator.createTrain(aTrain());
    for (const body of ['null', '[]', '42', '"text"']) {
      const problem = await operator
        .request('PATCH', `/api/v1/trains/${train.id}`, { body, headers: { 'content-type': 'application/json' } })
        .expectStatus(400);
      expect(problem.detail).toBe('The request body must be a JSON object');
    }
    expect((await operator.getTrain(train.id)).version).toBe(train.version);
  });

  it('refuses a required nested object that is missing with 422 naming it, and stores nothing', async () => {
    const booked = await admin.bookConsignment({
      ...aConsignment(1),
      exporterId: (await createActor(api, 'exporter')).organizationId,
    });
    const patch = await admin.request('PATCH', `/api/v1/consignments/${booked.id}`, { json: {} }).expectStatus(422);
    expect(patch.errors).toContainEqual({ field: 'consignee', message: 'must be an object' });

    const consignment = aConsignment(1);
    const { declaredValue: _declaredValue, ...withoutValue } = consignment.vehicles[0]!;
    const vehicle = await admin
      .request('POST', '/api/v1/consignments', { json: { ...consignment, vehicles: [withoutValue] } })
      .expectStatus(422);
    expect(vehicle.errors).toContainEqual({ field: 'vehicles[0].declaredValue', message: 'must be an object' });
    const unit = await operator
      .request('POST', `/api/v1/trains/${(await operator.createTrain(aTrain())).id}/loadings`, {
        json: { vins: [consignment.vehicles[0]!.vin] },
      })
      .expectStatus(422);
    expect(unit.errors).toContainEqual({ field: 'unit', message: 'must be an object' });
    const found = await admin.listConsignments({ waybillNumber: consignment.waybillNumber });
    expect(found.items).toHaveLength(0);
  });

  it.each([1e-7, 5e-324, -8e-323, 0.125])(
    'refuses %p hours (more than two decimals) with 422, not a 500',
    async (hours) => {
      const train = await operator.createTrain(aTrain());
      const delay = await operator
        .request('POST', `/api/v1/trains/${train.id}/events`, {
          json: { type: 'DELAYED', stationCode: 'CNZGZ', occurredAt: new Date().toISOString(), delayHours: hours },
        })
        .expectStatus(422);
      expect(delay.errors?.map((e) => e.field)).toContain('delayHours');
      const route = await admin
        .request('POST', '/api/v1/routes', {
          json: {
            code: 'ZGZ-TST-FZ',
            name: 'Fuzz',
            stops: [
              { sequence: 1, stationCode: 'CNZGZ', plannedHoursFromOrigin: 0, gaugeChange: false },
              { sequence: 2, stationCode: 'RUMOW', plannedHoursFromOrigin: hours, gaugeChange: false },
            ],
          },
        })
        .expectStatus(422);
      expect(route.errors).toContainEqual({
        field: 'stops[1].plannedHoursFromOrigin',
        message: 'must have at most 2 decimal places',
      });
    },
  );
});

describe('the status feed follows the list convention', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('accepts ?cursor=<nextCursor> as it accepts ?after=', async () => {
    const operator = api.as(await createActor(api, 'operator'));
    const train = await operator.createTrain(aTrain());
    const consignment = aConsignment(1, { exporterId: (await createActor(api, 'exporter')).organizationId });
    await operator.bookConsignment(consignment);
    await operator.load(train.id, {
      unit: { kind: 'container', number: 'CSQU3054383' },
      vins: [consignment.vehicles[0]!.vin],
    });
    let first: Page<UpdateEvent> = { items: [], nextCursor: null };
    for (let i = 0; i < 100 && first.items.length === 0; i++) {
      first = await operator.events({ limit: 1 });
      if (first.items.length === 0) await new Promise((done) => setTimeout(done, 50));
    }
    expect(first.nextCursor).toBe(first.items[0]!.id);
    const byCursor = await operator.events({ cursor: first.nextCursor! });
    const byAfter = await operator.events({ after: first.nextCursor! });
    expect(byCursor).toEqual(byAfter);
    const both = await operator.events({ cursor: first.nextCursor!, after: randomUUID() }).expectStatus(422);
    expect(both.errors?.[0]?.field).toBe('cursor');
  });
});

describe('a busy database', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('answers 503 with Retry-After, not 500, when no pooled connection comes free in time', async () => {
    const db = api.app.get(DataSource);
    // Every connection of the pool of four held longer than the wait for one (5 s).
    const held = [0, 1, 2, 3].map(() => db.query('SELECT pg_sleep(6)'));
    await new Promise((done) => setTimeout(done, 200));

    const response = await api.request('/api/v1/auth/token', { method: 'POST', json: TEST_ADMIN });

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual(
      expect.objectContaining({ type: 'https://landbridge.dev/problems/service-unavailable', status: 503 }),
    );
    await Promise.all(held);
  }, 20_000);
});
