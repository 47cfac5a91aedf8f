import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { asSystem } from '@landbridge/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { type Actor, createActor } from './support/actors.js';
import {
  aBroadGaugeFlatCarrying,
  aConsignment,
  aContainerNumber,
  aStation,
  aTrain,
  aUicWagonNumber,
  aVehicle,
  aWaybillNumber,
  PLANNED_DEPARTURE,
} from './support/factories.js';
import { departedTrain } from './support/scenarios.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface EntryRow {
  action: string;
  entityType: string;
  entityId: string | null;
  userId: string;
  apiKeyId: string | null;
  changes: Record<string, unknown>;
  idempotencyKey: string | null;
}

/** The fields of answers this file reads (each answer has some of them). */
interface Body {
  id: string;
  vehicles: { vin: string }[];
  vehicleCount: number;
  nextCursor: string | null;
  url: string;
  items: { action: string; entityId: string; entityType: string; occurredAt: string }[];
}

const hoursOn = (hours: number) => new Date(Date.parse(PLANNED_DEPARTURE) + hours * 3_600_000).toISOString();
const WRITES = ['post', 'put', 'patch', 'delete'];

describe('audit log', () => {
  let api: TestApp;
  let db: DataSource;
  let admin: Actor;
  let operator: Actor;
  let exporter: Actor;
  let sent = 0;

  beforeAll(async () => {
    api = await startTestApp({ ALLOW_HTTP_WEBHOOKS: 'true', ALLOW_PRIVATE_WEBHOOKS: 'true' });
    db = api.app.get(DataSource);
    admin = await createActor(api, 'admin');
    operator = await createActor(api, 'operator');
    exporter = await createActor(api, 'exporter');
  });

  afterAll(() => api.close());

  /** One request with its own X-Request-Id; the body parsed (or the text). */
  async function send(
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; requestId: string; body: Body }> {
    sent += 1;
    const requestId = `audit-walk-${sent}-${Date.now()}`;
    const text = typeof body === 'string';
    const response = await api.request(`/api/v1${path}`, {
      method,
      token,
      ...(body === undefined ? {} : text ? { body } : { json: body }),
      headers: { 'x-request-id': requestId, ...(text ? { 'content-type': 'text/csv' } : {}), ...headers },
    });
    const raw = await response.text();
    let parsed: unknown = raw;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // not JSON
    }
    return { status: response.status, requestId, body: parsed as Body };
  }

  async function ok(token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
    const answer = await send(token, method, path, body, headers);
    if (answer.status >= 300)
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer;
  }

  // Read through the service's connection as its own jobs do (every organization's: row-level security).
  const entriesOf = (requestId: string) =>
    asSystem(() =>
      db.query<EntryRow[]>(
        `SELECT action, entity_type AS "entityType", entity_id AS "entityId", actor_user_id AS "userId",
         actor_api_key_id AS "apiKeyId", changes, idempotency_key AS "idempotencyKey"
       FROM audit_log WHERE request_id = $1`,
        [requestId],
      ),
    );
  const countAll = async () =>
    Number((await asSystem(() => db.query<{ n: string }[]>('SELECT count(*) AS n FROM audit_log')))[0]!.n);

  it('leaves exactly one entry, with its actor and action, for every write route of the OpenAPI document; none for a read', async () => {
    const document = (await (await api.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const writeRoutes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => WRITES.includes(method))
        .map((method) => `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`),
    );

    // Each step: a successful call of one write route, and the entry it must leave (null: none).
    const done = new Map<string, { requestId: string; userId: string; action: string | null; entityId?: string }>();
    const step = async (
      route: string,
      who: Actor,
      action: string | null,
      path: string,
      body?: unknown,
      entityId?: (answer: Body) => string,
    ) => {
      const answer = await ok(who.token, route.split(' ')[0]!, path, body);
      done.set(route, {
        requestId: answer.requestId,
        userId: who.userId,
        action,
        ...(entityId ? { entityId: entityId(answer.body) } : {}),
      });
      return answer.body;
    };
    const byId = (answer: Body) => answer.id;

    // identity
    await step('POST /auth/token', admin, null, '/auth/token', { email: admin.email, password: admin.password });
    const org = await step(
      'POST /organizations',
      admin,
      'organization.created',
      '/organizations',
      {
        name: `Walk ${Date.now()}`,
        kind: 'exporter',
      },
      byId,
    );
    const password = 'walk-user-password-1';
    const user = await step(
      'POST /users',
      admin,
      'user.created',
      '/users',
      {
        email: `walk-${Date.now()}@audit.test`,
        password,
        role: 'exporter',
        organizationId: org.id,
      },
      byId,
    );
    await step('PATCH /users/{id}', admin, 'user.updated', `/users/${user.id}`, { disabled: true }, () => user.id);
    const walker = await createActor(api, 'exporter');
    await step(
      'POST /users/me/password',
      walker,
      'user.password_changed',
      '/users/me/password',
      {
        currentPassword: walker.password,
        newPassword: 'another-walk-password',
      },
      () => walker.userId,
    );
    const key = await step('POST /api-keys', exporter, 'api_key.created', '/api-keys', { name: 'walk' }, byId);
    await step('DELETE /api-keys/{id}', exporter, 'api_key.revoked', `/api-keys/${key.id}`, undefined, () => key.id);

    // notifications
    const hook = await step(
      'POST /webhooks',
      exporter,
      'webhook.created',
      '/webhooks',
      {
        url: 'http://127.0.0.1:9/hook',
        events: ['consignment.status_changed'],
      },
      byId,
    );
    await step(
      'POST /webhooks/{id}/test',
      exporter,
      'webhook.tested',
      `/webhooks/${hook.id}/test`,
      undefined,
      () => hook.id,
    );
    await step('DELETE /webhooks/{id}', exporter, 'webhook.deleted', `/webhooks/${hook.id}`, undefined, () => hook.id);

    // reference data
    const station = aStation({ code: 'RUWLK', name: 'Walk' });
    await step('POST /stations', admin, 'station.created', '/stations', station, () => 'RUWLK');
    const { code: _code, country: _country, ...stationUpdate } = station;
    await step(
      'PUT /stations/{code}',
      admin,
      'station.updated',
      '/stations/RUWLK',
      { ...stationUpdate, name: 'Walked' },
      () => 'RUWLK',
    );
    await step(
      'POST /routes',
      admin,
      'route.created',
      '/routes',
      {
        code: 'ZGZ-WLK',
        name: 'Zhengzhou – Walk',
        stops: [
          { sequence: 1, stationCode: 'CNZGZ', plannedHoursFromOrigin: 0, gaugeChange: false },
          { sequence: 2, stationCode: 'RUWLK', plannedHoursFromOrigin: 200, gaugeChange: false },
        ],
      },
      () => 'ZGZ-WLK',
    );

    // operations
    const train = await step('POST /trains', operator, 'train.created', '/trains', aTrain(), byId);
    const cancelled = await ok(operator.token, 'POST', '/trains', aTrain());
    await step(
      'PATCH /trains/{id}',
      operator,
      'train.updated',
      `/trains/${cancelled.body.id}`,
      { status: 'cancelled' },
      () => cancelled.body.id,
    );
    const consignment = await step(
      'POST /consignments',
      exporter,
      'consignment.created',
      '/consignments',
      aConsignment(2),
      byId,
    );
    await step(
      'PATCH /consignments/{id}',
      exporter,
      'consignment.updated',
      `/consignments/${consignment.id}`,
      {
        consignee: { name: 'Walk LLC', country: 'RU' },
      },
      () => consignment.id,
    );
    const added = aVehicle();
    await step(
      'POST /consignments/{id}/vehicles',
      exporter,
      'consignment.vehicles_added',
      `/consignments/${consignment.id}/vehicles`,
      {
        vehicles: [added],
      },
      () => consignment.id,
    );
    await step(
      'DELETE /consignments/{id}/vehicles/{vin}',
      exporter,
      'consignment.vehicle_removed',
      `/consignments/${consignment.id}/vehicles/${added.vin}`,
      undefined,
      () => consignment.id,
    );
    const other = await ok(exporter.token, 'POST', '/consignments', aConsignment(1));
    await step(
      'POST /consignments/{id}/cancel',
      exporter,
      'consignment.cancelled',
      `/consignments/${other.body.id}/cancel`,
      undefined,
      () => other.body.id,
    );
    const vins: string[] = consignment.vehicles.map((v) => v.vin);
    const unit = { kind: 'container', number: aContainerNumber() };
    await step(
      'POST /trains/{id}/loadings',
      operator,
      'loading.created',
      `/trains/${train.id}/loadings`,
      { unit, vins },
      () => train.id,
    );
    await step(
      'DELETE /trains/{id}/loadings/{vin}',
      operator,
      'loading.deleted',
      `/trains/${train.id}/loadings/${vins[1]}`,
      undefined,
      () => train.id,
    );
    const listed = await ok(exporter.token, 'POST', '/consignments', aConsignment(2));
    const csv = [
      'vin,unitKind,unitNumber',
      ...listed.body.vehicles.map((v) => `${v.vin},container,${unit.number}`),
    ].join('\r\n');
    await step(
      'POST /trains/{id}/manifests/loading-list',
      operator,
      'loading.manifest_uploaded',
      `/trains/${train.id}/manifests/loading-list`,
      csv,
      () => train.id,
    );
    const manifest = [
      'waybillNumber,consigneeName,consigneeCountry,originStationCode,destinationStationCode,vin,make,model,powertrain,declaredValue,currency',
      ...[aVehicle(), aVehicle()].map(
        (v) => `${aWaybillNumber()},Walk LLC,RU,CNZGZ,RUMOW,${v.vin},Yutong,T7,ICE,420000.00,CNY`,
      ),
    ].join('\r\n');
    await step(
      'POST /manifests/consignments',
      exporter,
      'consignment.manifest_uploaded',
      '/manifests/consignments',
      manifest,
    );

    // equipment and tracking: a train with a consist, transshipped at the gauge change
    const gauged = await ok(operator.token, 'POST', '/trains', aTrain());
    const container = aContainerNumber();
    await step(
      'PUT /trains/{id}/consist',
      operator,
      'consist.updated',
      `/trains/${gauged.body.id}/consist`,
      {
        wagons: [
          {
            position: 1,
            number: aUicWagonNumber(),
            gauge: 1435,
            kind: 'flat',
            capacityTeu: 2,
            containers: [{ number: container, sizeType: '22G1' }],
          },
        ],
      },
      () => gauged.body.id,
    );
    const carried = await ok(exporter.token, 'POST', '/consignments', aConsignment(1));
    await ok(operator.token, 'POST', `/trains/${gauged.body.id}/loadings`, {
      unit: { kind: 'container', number: container },
      vins: [carried.body.vehicles[0]!.vin],
    });
    await step(
      'POST /trains/{id}/events',
      operator,
      'train.event_recorded',
      `/trains/${gauged.body.id}/events`,
      {
        type: 'DEPARTED',
        stationCode: 'CNZGZ',
        occurredAt: hoursOn(0),
      },
      () => gauged.body.id,
    );
    await ok(operator.token, 'POST', `/trains/${gauged.body.id}/events`, {
      type: 'ARRIVED_AT_STATION',
      stationCode: 'MNZUU',
      occurredAt: hoursOn(52),
    });
    await step(
      'POST /trains/{id}/transshipments',
      operator,
      'transshipment.created',
      `/trains/${gauged.body.id}/transshipments`,
      {
        stationCode: 'MNZUU',
        occurredAt: hoursOn(56),
        wagons: [aBroadGaugeFlatCarrying(1, [container])],
      },
      () => gauged.body.id,
    );
    const departed = await departedTrain(api, operator, exporter);
    const held = departed.consignments[0]!.id;
    await step(
      'POST /consignments/{id}/events',
      operator,
      'consignment.event_recorded',
      `/consignments/${held}/events`,
      {
        type: 'CUSTOMS_HOLD',
        stationCode: 'CNERC',
        occurredAt: hoursOn(40),
      },
      () => held,
    );

    const shared = await step(
      'POST /consignments/{id}/share-links',
      exporter,
      'share_link.created',
      `/consignments/${held}/share-links`,
      {},
      byId,
    );
    await step(
      'DELETE /share-links/{id}',
      exporter,
      'share_link.revoked',
      `/share-links/${shared.id}`,
      undefined,
      () => shared.id,
    );

    // Every write route of the document was walked (a new one fails here until it is added above) …
    expect([...done.keys()].sort()).toEqual([...writeRoutes].sort());
    // … and left exactly its entry, by its caller.
    for (const [route, expected] of done) {
      const entries = await entriesOf(expected.requestId);
      if (expected.action === null) {
        expect({ route, entries }).toEqual({ route, entries: [] });
        continue;
      }
      expect({ route, count: entries.length }).toEqual({ route, count: 1 });
      expect({ route, ...entries[0] }).toMatchObject({
        route,
        action: expected.action,
        userId: expected.userId,
        apiKeyId: null,
        ...(expected.entityId === undefined ? {} : { entityId: expected.entityId }),
      });
    }
    // Updates give [before, after] of what they changed.
    const changesOf = async (route: string) => (await entriesOf(done.get(route)!.requestId))[0]!.changes;
    expect(await changesOf('PATCH /trains/{id}')).toEqual({ status: ['planned', 'cancelled'] });
    expect(await changesOf('PATCH /users/{id}')).toEqual({ disabled: [false, true] });
    expect(await changesOf('PATCH /consignments/{id}')).toEqual({
      consignee: [
        { name: 'Avtodom Trading LLC', country: 'RU' },
        { name: 'Walk LLC', country: 'RU' },
      ],
    });
    expect(await changesOf('DELETE /trains/{id}/loadings/{vin}')).toEqual({ vin: [vins[1], null] });
    // A share link's entry names its consignment, never its URL (the token).
    const sharedChanges = await changesOf('POST /consignments/{id}/share-links');
    expect(sharedChanges).toEqual({ consignmentId: [null, held], expiresAt: [null, null] });
    expect(JSON.stringify(sharedChanges)).not.toContain(shared.url.split('/').pop());
    // The exporter sees who recorded an event about its consignment.
    const history = await ok(exporter.token, 'GET', `/audit-log?entityId=${held}`);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        action: 'consignment.event_recorded',
        actor: expect.objectContaining({ userId: operator.userId }),
      }),
      expect.objectContaining({ action: 'consignment.created' }),
    ]);
    // Passwords never reach the log, not even hashed.
    const userEntries = await db.query<{ changes: string }[]>(
      `SELECT changes::text FROM audit_log WHERE entity_type = 'user'`,
    );
    for (const { changes } of userEntries) {
      expect(changes).not.toContain(password);
      expect(changes).not.toContain('another-walk-password');
      expect(changes).not.toContain('$argon2');
    }

    // Every read route, called with the ids above, leaves none.
    const before = await countAll();
    const ids: Record<string, string> = {
      trains: gauged.body.id,
      consignments: consignment.id,
      webhooks: hook.id,
      users: user.id,
      vehicles: vins[0]!,
      containers: container,
      stations: 'CNZGZ',
      routes: 'ZGZ-MOW-ERC',
    };
    const reads = Object.entries(document.paths).filter(
      ([path, operations]) => 'get' in operations && !path.endsWith('/stream'),
    );
    expect(reads.length).toBeGreaterThan(20);
    for (const [path] of reads) {
      const collection = path.replace(/^\/api\/v1\//, '').split('/')[0]!;
      const concrete = path
        .replace(/^\/api\/v1/, '')
        .replace(/\{[a-z]+\}/gi, (name) =>
          name === '{vin}' ? vins[0]! : name === '{number}' ? container : (ids[collection] ?? 'x'),
        );
      const answer = await send(admin.token, 'GET', concrete.startsWith('/') ? concrete : `/${concrete}`);
      expect({ path, failed: answer.status >= 500 }).toEqual({ path, failed: false });
    }
    expect(await countAll()).toBe(before);
  }, 120_000);

  it('writes nothing for an idempotent replay, a failed write or a dry run', async () => {
    const headers = { 'idempotency-key': `walk-${Date.now()}` };
    const input = aTrain();
    const first = await ok(operator.token, 'POST', '/trains', input, headers);
    const before = await countAll();
    const replay = await ok(operator.token, 'POST', '/trains', input, headers);
    expect(replay.body).toEqual(first.body);
    expect(await entriesOf(replay.requestId)).toEqual([]);
    expect(await entriesOf(first.requestId)).toEqual([
      expect.objectContaining({ action: 'train.created', idempotencyKey: headers['idempotency-key'] }),
    ]);

    const refused = await send(operator.token, 'POST', '/trains', { ...aTrain(), routeCode: 'NO-SUCH' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const duplicate = await send(operator.token, 'POST', '/trains', input);
    expect(duplicate.status).toBe(409);
    const booked = await ok(exporter.token, 'POST', '/consignments', aConsignment(1));
    const dryRun = await ok(
      operator.token,
      'POST',
      `/trains/${first.body.id}/manifests/loading-list?dryRun=true`,
      `vin,unitKind,unitNumber\r\n${booked.body.vehicles[0]!.vin},container,${aContainerNumber()}`,
    );
    expect(dryRun.status).toBe(200);
    expect(await countAll()).toBe(before + 1); // the booking only
    expect((await ok(operator.token, 'GET', `/trains/${first.body.id}`)).body.vehicleCount).toBe(0);
  });

  it('records one entry with a compact summary for a 500-VIN loading', async () => {
    const train = await ok(operator.token, 'POST', '/trains', aTrain());
    const booked = await ok(exporter.token, 'POST', '/consignments', aConsignment(500));
    const vins = booked.body.vehicles.map((v) => v.vin);
    const loading = await ok(operator.token, 'POST', `/trains/${train.body.id}/loadings`, {
      unit: { kind: 'wagon', number: aUicWagonNumber() },
      vins,
    });
    const [entry, ...more] = await entriesOf(loading.requestId);
    expect(more).toEqual([]);
    expect(entry!.changes.vins).toEqual([null, vins]);
    expect((await entriesOf(booked.requestId))[0]!.changes.vehicles).toEqual([null, { count: 500 }]);
  });

  it('records one small entry for each spreadsheet upload: the file’s format, hash and size and what it counted', async () => {
    const train = await ok(operator.token, 'POST', '/trains', aTrain());
    const booked = await ok(exporter.token, 'POST', '/consignments', aConsignment(3));
    const unit = aContainerNumber();
    const list = ['vin,unitKind,unitNumber', ...booked.body.vehicles.map((v) => `${v.vin},container,${unit}`)];
    const loaded = await ok(
      operator.token,
      'POST',
      `/trains/${train.body.id}/manifests/loading-list`,
      list.join('\r\n'),
    );
    const manifest = [
      'waybillNumber,consigneeName,consigneeCountry,originStationCode,destinationStationCode,vin,make,model,powertrain,declaredValue,currency',
      ...[aVehicle(), aVehicle()].map(
        (v) => `${aWaybillNumber()},Upload LLC,RU,CNZGZ,RUMOW,${v.vin},Yutong,T7,ICE,420000.00,CNY`,
      ),
    ].join('\r\n');
    const uploaded = await ok(exporter.token, 'POST', '/manifests/consignments', manifest);

    for (const [answer, bytes] of [
      [loaded, Buffer.byteLength(list.join('\r\n'))],
      [uploaded, Buffer.byteLength(manifest)],
    ] as const) {
      const [entry, ...more] = await entriesOf(answer.requestId);
      expect(more).toEqual([]);
      expect(entry!.changes.file).toEqual([
        null,
        { format: 'csv', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: bytes },
      ]);
      expect(JSON.stringify(entry!.changes).length).toBeLessThan(300);
    }
    expect((await entriesOf(loaded.requestId))[0]!.changes).toMatchObject({ loaded: [null, 3], units: [null, 1] });
    expect((await entriesOf(uploaded.requestId))[0]!.changes).toMatchObject({
      consignments: [null, 2],
      vehicles: [null, 2],
      ids: [null, { count: 2 }],
    });
  });

  it('has partitions from last month on at start; a month whose entries sit in the default partition is skipped (logged as an error), the others still added', async () => {
    const monthName = (offset: number) => {
      const now = new Date();
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
      return `audit_log_${month.toISOString().slice(0, 7).replace('-', '_')}`;
    };
    const partitions = async (...names: string[]) =>
      (
        await db.query<{ name: string | null }[]>('SELECT to_regclass(n)::text AS name FROM unnest($1::text[]) n', [
          names,
        ])
      ).map((row) => row.name);
    expect(await partitions(monthName(-1), monthName(0), monthName(2))).toEqual([
      monthName(-1),
      monthName(0),
      monthName(2),
    ]);

    await asSystem(() =>
      db.query(`INSERT INTO audit_log (occurred_at, actor_user_id, actor_organization_id, actor_role, action, entity_type, request_id)
      VALUES ('2001-02-10T00:00:00Z', gen_random_uuid(), gen_random_uuid(), 'admin', 'test.default', 'test', 'default-partition')`),
    );
    const [row] = await db.query<{ added: number }[]>(`SELECT audit_log_add_months('2001-01-01'::date, 3) AS added`);
    expect(row!.added).toBe(2);
    expect(await partitions('audit_log_2001_01', 'audit_log_2001_02', 'audit_log_2001_03')).toEqual([
      'audit_log_2001_01',
      null,
      'audit_log_2001_03',
    ]);

    // The daily upkeep (at start of a second api process on the database) reports the default partition's rows.
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const second = await startTestApp({}, api);
      await second.close();
      expect(errors.mock.calls.map(([message]) => String(message))).toContainEqual(
        expect.stringContaining('audit_log_default holds entries'),
      );
    } finally {
      errors.mockRestore();
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE of entries: the service’s role by privileges, the owner by trigger', async () => {
    await ok(operator.token, 'POST', '/trains', aTrain());
    const [month] = await db.query<{ name: string }[]>(
      `SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'audit_log'::regclass
         AND inhrelid::regclass::text <> 'audit_log_default' LIMIT 1`,
    );
    // The service's own connection (landbridge_app) has INSERT and SELECT on the log, nothing on its months.
    await asSystem(async () => {
      await expect(db.query(`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/permission denied/);
      await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
      await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
      await expect(db.query(`DELETE FROM ${month!.name}`)).rejects.toThrow(/permission denied/);
    });
    // The tables' owner (here the server's superuser) meets the trigger.
    const owner = new pg.Client({ connectionString: api.database.url });
    await owner.connect();
    try {
      await expect(owner.query(`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/append-only: UPDATE/);
      await expect(owner.query('DELETE FROM audit_log')).rejects.toThrow(/append-only: DELETE/);
      await expect(owner.query('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE/);
      await expect(owner.query(`TRUNCATE ${month!.name}`)).rejects.toThrow(/append-only: TRUNCATE/);
      await expect(owner.query(`DELETE FROM ${month!.name}`)).rejects.toThrow(/append-only: DELETE/);
    } finally {
      await owner.end();
    }
    expect(await countAll()).toBeGreaterThan(0);
  });

  it('shows admins everything, operators all but identity entries, an exporter only its own objects’ entries', async () => {
    const rival = await createActor(api, 'exporter');
    const mine = await ok(exporter.token, 'POST', '/consignments', aConsignment(1));
    const theirs = await ok(rival.token, 'POST', '/consignments', aConsignment(1));
    const staffBooked = await ok(
      operator.token,
      'POST',
      '/consignments',
      aConsignment(1, { exporterId: exporter.organizationId }),
    );
    await ok(rival.token, 'POST', '/api-keys', { name: 'rival key' });
    const list = async (who: Actor, query: string) =>
      (await ok(who.token, 'GET', `/audit-log${query}`)).body as {
        items: { action: string; entityId: string; entityType: string }[];
      };

    expect((await list(rival, `?entityId=${mine.body.id}`)).items).toEqual([]);
    expect((await list(exporter, `?entityId=${theirs.body.id}`)).items).toEqual([]);
    expect((await list(exporter, `?entityId=${mine.body.id}`)).items).toEqual([
      expect.objectContaining({ action: 'consignment.created', entityId: mine.body.id }),
    ]);
    expect((await list(exporter, `?entityId=${staffBooked.body.id}`)).items).toHaveLength(1);
    const exporterSees = await list(exporter, '?limit=200');
    expect(
      exporterSees.items.filter((e) => ['organization', 'user', 'api_key', 'train'].includes(e.entityType)),
    ).toEqual([]);
    expect(exporterSees.items.map((e) => e.entityId)).not.toContain(theirs.body.id);
    const operatorSees = await list(operator, '?entityType=api_key');
    expect(operatorSees.items).toEqual([]);
    expect((await list(admin, `?entityType=api_key&actorId=${rival.userId}`)).items).toEqual([
      expect.objectContaining({ action: 'api_key.created' }),
    ]);
  });

  it('pages newest first with a cursor, filtered by actor and time', async () => {
    const trains = [];
    for (let i = 0; i < 3; i += 1) trains.push((await ok(operator.token, 'POST', '/trains', aTrain())).body.id);
    const since = new Date(Date.now() - 60_000).toISOString();
    const first = (
      await ok(admin.token, 'GET', `/audit-log?actorId=${operator.userId}&entityType=train&from=${since}&limit=2`)
    ).body;
    expect(first.items).toHaveLength(2);
    const second = (
      await ok(
        admin.token,
        'GET',
        `/audit-log?actorId=${operator.userId}&entityType=train&from=${since}&limit=2&cursor=${first.nextCursor}`,
      )
    ).body;
    const seen = [...first.items, ...second.items].map((e) => e.entityId);
    expect(seen.slice(0, 3)).toEqual([...trains].reverse());
    const times = [...first.items, ...second.items].map((e) => e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('refuses an instant that ISO 8601 allows but RFC 3339 does not (a bare year, a week) with 422 naming it', async () => {
    for (const [field, value] of [
      ['to', '2024'],
      ['from', '2024-W10'],
      ['from', '2024-03-01'],
    ]) {
      const answer = await send(admin.token, 'GET', `/audit-log?${field}=${value}`);
      expect(answer.status).toBe(422);
      expect((answer.body as { errors?: unknown }).errors).toEqual([expect.objectContaining({ field })]);
    }
  });
});
