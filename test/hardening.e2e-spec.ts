import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type Actor, createActor } from './support/actors.js';
import { bodyWithStatus } from './support/expect-status.js';
import { aConsignment, aTrain } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Each finding of the hardening review, as a client would run into it. */

const cursorOf = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  createdId?: string;
}

/** A user created by the admin, who has not signed in yet (so no attempt is counted for it). */
async function aUser(api: TestApp): Promise<{ email: string; password: string }> {
  const admin = await api.adminToken();
  const organization = await bodyWithStatus<{ id: string }>(
    await api.request('/api/v1/organizations', {
      method: 'POST',
      token: admin,
      json: { name: `Terminal ${randomUUID()}`, kind: 'operator' },
    }),
    201,
  );
  const user = { email: `staff.${randomUUID()}@example.test`, password: `pw-${randomUUID()}` };
  await bodyWithStatus(
    await api.request('/api/v1/users', {
      method: 'POST',
      token: admin,
      json: { ...user, role: 'operator', organizationId: organization.id },
    }),
    201,
  );
  return user;
}

describe('sign-in limits that a client address cannot dodge', () => {
  const failedSignIns = async (api: TestApp, email: string) => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 1; i <= 12; i++) {
      const response = await api.request('/api/v1/auth/token', {
        method: 'POST',
        json: { email, password: 'not-the-password' },
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
      });
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
      const user = await aUser(api);
      const { statuses, retryAfter } = await failedSignIns(api, user.email);
      expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      // Behind a trusted proxy every attempt has its own address: the account's 15-minute window refuses it.
      if ('TRUST_PROXY' in env) expect(Number(retryAfter)).toBeGreaterThan(60);
      // The right password does not get through either until the window ends.
      const right = await api.request('/api/v1/auth/token', {
        method: 'POST',
        json: { email: user.email.toUpperCase(), password: user.password },
        headers: { 'x-forwarded-for': '198.51.100.7' },
      });
      expect(right.status).toBe(429);
      expect(right.headers.get('retry-after')).not.toBeNull();
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
      const user = await aUser(api);
      let address = 0;
      const attempt = (password: string) =>
        api.request('/api/v1/auth/token', {
          method: 'POST',
          json: { email: user.email, password },
          headers: { 'x-forwarded-for': `198.51.100.${++address}` },
        });
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).status).toBe(401);
        expect((await attempt(user.password)).status).toBe(200);
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
      const response = await api.request('/api/v1/stations', {
        headers: { authorization: `${spelling}${operator.token}` },
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toBe(429);
  });

  it('keys anonymous callers on their own address, not on an X-Forwarded-For they choose', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await api.request('/api/v1/stations', { headers: { 'x-forwarded-for': `192.0.2.${i}` } });
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
    const keyRequest = {
      method: 'POST',
      token: exporter.token,
      json: { name: 'ERP connector' },
      headers: { 'idempotency-key': 'create-erp-key' },
    };
    const key = await bodyWithStatus<{ id: string; key: string }>(
      await api.request('/api/v1/api-keys', keyRequest),
      201,
    );
    const replay = await api.request('/api/v1/api-keys', keyRequest);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const problem = await bodyWithStatus<Problem>(replay, 409);
    expect(problem.createdId).toBe(key.id);
    expect(JSON.stringify(problem)).not.toContain(key.key.split('_').at(-1));

    const hookRequest = {
      method: 'POST',
      token: exporter.token,
      json: { url: 'http://127.0.0.1:9/hooks', events: ['consignment.status_changed'] },
      headers: { 'idempotency-key': 'create-hook' },
    };
    const hook = await bodyWithStatus<{ id: string; secret: string }>(
      await api.request('/api/v1/webhooks', hookRequest),
      201,
    );
    expect(hook.secret).toMatch(/^whsec_/);
    const hookReplay = await bodyWithStatus<Problem>(await api.request('/api/v1/webhooks', hookRequest), 409);
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
    const key = await bodyWithStatus<{ key: string }>(
      await api.request('/api/v1/api-keys', { method: 'POST', token: exporter.token, json: { name: 'hooks' } }),
      201,
    );
    const request = (token: string) =>
      api.request('/api/v1/webhooks', {
        method: 'POST',
        token,
        json: { url: 'http://127.0.0.1:9/other', events: ['consignment.status_changed'] },
        headers: { 'idempotency-key': 'same-key-two-principals' },
      });
    const byUser = await bodyWithStatus<{ id: string }>(await request(exporter.token), 201);
    const byKey = await request(key.key);
    expect(byKey.headers.get('idempotent-replayed')).toBeNull();
    expect((await bodyWithStatus<{ id: string }>(byKey, 201)).id).not.toBe(byUser.id);
  });
});

describe('API keys cannot mint API keys', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('answers 403 to an API key creating a key, so no key outlives the revocation of its parent', async () => {
    const operator = await createActor(api, 'operator');
    const parent = await bodyWithStatus<{ id: string; key: string }>(
      await api.request('/api/v1/api-keys', { method: 'POST', token: operator.token, json: { name: 'parent' } }),
      201,
    );
    const child = await api.request('/api/v1/api-keys', { method: 'POST', token: parent.key, json: { name: 'child' } });
    expect((await bodyWithStatus<Problem>(child, 403)).detail).toMatch(/signed-in user/);
    // The key still does everything else its creator may.
    await bodyWithStatus(await api.request('/api/v1/trains', { token: parent.key }), 200);
    await bodyWithStatus(
      await api.request(`/api/v1/api-keys/${parent.id}`, { method: 'DELETE', token: operator.token }),
      204,
    );
    await bodyWithStatus(await api.request('/api/v1/trains', { token: parent.key }), 401);
  });
});

describe('crafted input answers 4xx, never 5xx', () => {
  let api: TestApp;
  let admin: string;
  let exporter: Actor;
  let webhookId: string;

  beforeAll(async () => {
    api = await startTestApp({ ALLOW_HTTP_WEBHOOKS: 'true' });
    admin = await api.adminToken();
    exporter = await createActor(api, 'exporter');
    const hook = await bodyWithStatus<{ id: string }>(
      await api.request('/api/v1/webhooks', {
        method: 'POST',
        token: exporter.token,
        json: { url: 'http://93.184.215.14/hooks', events: ['consignment.status_changed'] },
      }),
      201,
    );
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
      const token = path.startsWith('/api/v1/webhooks') ? exporter.token : admin;
      const response = await api.request(url, { token });
      if (response.status === 200) continue; // a cursor that happens to be a valid key of this list
      const problem = await bodyWithStatus<Problem>(response, 422);
      expect(problem.errors).toEqual([{ field: 'cursor', message: 'is not a valid cursor' }]);
    }
  });

  it.each([
    ['from=0000-01-01&to=2024-01-31', 'from'],
    ['from=2024-01-01&to=9999-12-31', 'to'],
    ['from=1999-12-31&to=2024-01-31', 'from'],
    ['from=2023-02-29&to=2024-01-31', 'from'],
  ])('refuses a report for %s with 422 naming the field', async (query, field) => {
    const problem = await bodyWithStatus<Problem>(
      await api.request(`/api/v1/reports/exports?${query}`, { token: admin }),
      422,
    );
    expect(problem.errors?.map((e) => e.field)).toEqual([field]);
  });

  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf'])(
    'refuses an unknown property named %s (422), at the top and nested, and stores nothing',
    async (name) => {
      const organization = JSON.stringify({ name: `Proto ${name}`, kind: 'exporter' }).replace(
        /}$/,
        `,${JSON.stringify(name)}:{"admin":true}}`,
      );
      const top = await api.request('/api/v1/organizations', {
        method: 'POST',
        token: admin,
        body: organization,
        headers: { 'content-type': 'application/json' },
      });
      expect((await bodyWithStatus<Problem>(top, 422)).errors).toEqual([
        { field: name, message: 'is not a known property' },
      ]);
      const consignment = aConsignment(1);
      const nested = JSON.stringify(consignment).replace('"powertrain"', `${JSON.stringify(name)}:1,"powertrain"`);
      const response = await api.request('/api/v1/consignments', {
        method: 'POST',
        token: exporter.token,
        body: nested,
        headers: { 'content-type': 'application/json' },
      });
      expect((await bodyWithStatus<Problem>(response, 422)).errors).toEqual([
        { field: `vehicles[0].${name}`, message: 'is not a known property' },
      ]);
      const found = await bodyWithStatus<{ items: unknown[] }>(
        await api.request(`/api/v1/consignments?waybillNumber=${consignment.waybillNumber}`, { token: admin }),
        200,
      );
      expect(found.items).toHaveLength(0);
      const query = await api.request(`/api/v1/trains?${name}=1`, { token: admin });
      expect((await bodyWithStatus<Problem>(query, 422)).errors?.[0]?.field).toBe(name);
    },
  );

  it.each(['http://127.0.0.1/hooks', 'http://[::7f00:1]/hooks', 'http://[::ffff:7f00:1]/hooks', 'http://[::a00:1]/h'])(
    'refuses the webhook target %s saying only that it is not allowed',
    async (url) => {
      const response = await api.request('/api/v1/webhooks', {
        method: 'POST',
        token: exporter.token,
        json: { url, events: ['consignment.status_changed'] },
      });
      const problem = await bodyWithStatus<Problem>(response, 422);
      expect(problem.errors?.[0]?.field).toBe('url');
      expect(JSON.stringify(problem)).not.toMatch(/127\.0\.0\.1|7f00|10\.0\.0\.1|loopback|private address/);
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
    const operator = await createActor(api, 'operator');
    const train = await bodyWithStatus<{ id: string }>(
      await api.request('/api/v1/trains', { method: 'POST', token: operator.token, json: aTrain() }),
      201,
    );
    const consignment = aConsignment(1);
    await bodyWithStatus(
      await api.request('/api/v1/consignments', {
        method: 'POST',
        token: operator.token,
        json: { ...consignment, exporterId: (await createActor(api, 'exporter')).organizationId },
      }),
      201,
    );
    const load = (vin: string) =>
      api.request(`/api/v1/trains/${train.id}/loadings`, {
        method: 'POST',
        token: operator.token,
        json: { unit: { kind: 'container', number: 'CSQU3054383' }, vins: [vin] },
      });
    await bodyWithStatus(await load(consignment.vehicles[0]!.vin), 201);
    let first: { items: { id: string }[]; nextCursor: string | null } = { items: [], nextCursor: null };
    for (let i = 0; i < 100 && first.items.length === 0; i++) {
      first = await bodyWithStatus(await api.request('/api/v1/events?limit=1', { token: operator.token }), 200);
      if (first.items.length === 0) await new Promise((done) => setTimeout(done, 50));
    }
    expect(first.nextCursor).toBe(first.items[0]!.id);
    const byCursor = await api.request(`/api/v1/events?cursor=${first.nextCursor}`, { token: operator.token });
    const byAfter = await api.request(`/api/v1/events?after=${first.nextCursor}`, { token: operator.token });
    expect(await bodyWithStatus(byCursor, 200)).toEqual(await bodyWithStatus(byAfter, 200));
    const both = await api.request(`/api/v1/events?cursor=${first.nextCursor}&after=${randomUUID()}`, {
      token: operator.token,
    });
    expect((await bodyWithStatus<Problem>(both, 422)).errors?.[0]?.field).toBe('cursor');
  });
});
