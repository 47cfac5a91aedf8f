import pg from 'pg';
import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { Delivery, Page, TrainEventInput, UpdateType, WebhookTestEvent } from './support/api-types.js';
import { OpenApiValidator } from './support/openapi-validator.js';
import { delayedAndDamagedTrain, loadedTrain } from './support/scenarios.js';
import { statusFeed, updateFeed } from './support/status-feed.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { startReceiver, type WebhookReceiver } from './support/webhook-receiver.js';
import { startWorker, type WorkerProcess } from './support/worker-process.js';

const WORKER_ENV = {
  ALLOW_HTTP_WEBHOOKS: 'true',
  ALLOW_PRIVATE_WEBHOOKS: 'true',
  WEBHOOK_RETRY_SECONDS: '0.2',
};

describe('status updates: signed webhooks delivered by the worker', () => {
  let api: TestApp;
  let operator: Actor;
  let exporter: Actor;
  let staff: ApiClient;
  let exporterApi: ApiClient;
  let receiver: WebhookReceiver;
  let worker: WorkerProcess | undefined;

  const subscribe = async (events: UpdateType[] = ['consignment.status_changed']) => {
    const created = await exporterApi.createWebhook({ url: receiver.url, events });
    receiver.setSecret(created.secret);
    return created;
  };
  const event = (trainId: string, type: TrainEventInput['type'], stationCode: string, occurredAt: string) =>
    staff.recordTrainEvent(trainId, { type, stationCode, occurredAt });
  const waitForStatus = async (id: string, status: string) => {
    for (let i = 0; i < 200; i++) {
      const { items } = await exporterApi.listWebhooks();
      const found = items.find((item) => item.id === id);
      if (found?.status === status) return found;
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error(`webhook ${id} never became ${status}`);
  };
  const feed = () => statusFeed(api, exporter);

  beforeAll(async () => {
    api = await startTestApp(WORKER_ENV);
    operator = await createActor(api, 'operator');
    exporter = await createActor(api, 'exporter');
    staff = api.as(operator);
    exporterApi = api.as(exporter);
  });
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    const { items } = await exporterApi.listWebhooks();
    for (const { id } of items) await exporterApi.deleteWebhook(id);
    await receiver.close();
  });
  afterAll(() => api.close());

  it('delivers every status change of a trip exactly as the feed lists them, retrying a failing receiver with the same webhook-id', async () => {
    const hook = await subscribe();
    const before = (await feed()).length;
    // The first delivery fails three times with 500, then succeeds.
    let first: string | undefined;
    receiver.respond(({ webhookId, attempt }) => {
      first ??= webhookId;
      return webhookId === first && attempt <= 3 ? 500 : 204;
    });
    worker = startWorker(api.database.url, WORKER_ENV);

    const trainId = (await loadedTrain(api, operator, exporter, { consignments: 2 })).train.id;
    const [held] = (await feed()).slice(-1).map((e) => e.data.consignmentId);
    const customs = (type: 'CUSTOMS_HOLD' | 'CUSTOMS_CLEARED', occurredAt: string) =>
      staff.recordConsignmentEvent(held!, { type, stationCode: 'MNZUU', occurredAt });
    await event(trainId, 'DEPARTED', 'CNZGZ', '2024-03-20T09:30:00+08:00');
    await event(trainId, 'ARRIVED_AT_STATION', 'MNZUU', '2024-03-22T08:00:00+08:00');
    await customs('CUSTOMS_HOLD', '2024-03-22T09:00:00+08:00');
    await customs('CUSTOMS_CLEARED', '2024-03-22T19:00:00+08:00');
    await event(trainId, 'ARRIVED', 'RUMOW', '2024-04-02T12:00:00+03:00');
    await staff.recordConsignmentEvent(held!, {
      type: 'DELIVERED',
      stationCode: 'RUMOW',
      occurredAt: '2024-04-03T10:00:00+03:00',
    });
    const expected = (await feed()).slice(before);
    // Two consignments loaded, in transit, arrived; one of them also held, cleared and delivered.
    expect(expected.map((e) => e.data.status)).toEqual([
      'loaded',
      'loaded',
      'in_transit',
      'in_transit',
      'customs_hold',
      'in_transit',
      'arrived',
      'arrived',
      'delivered',
    ]);

    await receiver.waitFor(() => receiver.accepted.length >= expected.length);
    expect(receiver.accepted.map((r) => r.body)).toEqual(expected);
    expect(receiver.accepted.every((r) => r.webhookId === r.body.id)).toBe(true);
    expect(receiver.requests.filter((r) => r.webhookId === first).map((r) => r.status)).toEqual([500, 500, 500, 204]);

    const deliveries = await exporterApi.webhookDeliveries(hook.id, { limit: 200 });
    expect(
      deliveries.items
        .filter((d) => d.eventId === first)
        .map((d) => [d.attempt, d.statusCode, d.succeeded])
        .reverse(),
    ).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 500, false],
      [4, 204, true],
    ]);
  });

  it('loses nothing when the worker is killed with SIGKILL in the middle of 500 status changes', async () => {
    await subscribe();
    receiver.respond(() => 200, 2);
    worker = startWorker(api.database.url, WORKER_ENV);
    // 500 changes: booked → loaded.
    for (let i = 0; i < 10; i++) await loadedTrain(api, operator, exporter, { consignments: 50 });
    const expected = new Set((await feed()).slice(-500).map((e) => e.id));
    expect(expected.size).toBe(500);

    await receiver.waitFor(() => receiver.accepted.length >= 60);
    await worker.crash();
    const atCrash = receiver.accepted.length;
    expect(atCrash).toBeLessThan(500);
    worker = startWorker(api.database.url, WORKER_ENV);

    const received = () => new Set(receiver.accepted.map((r) => r.webhookId).filter((id) => expected.has(id)));
    await receiver.waitFor(() => received().size === expected.size, 60_000);
    // At least once: a duplicate is the same event, with the same id and body.
    const byId = new Map<string, string>();
    for (const delivery of receiver.accepted) {
      const seen = byId.get(delivery.webhookId);
      if (seen) expect(delivery.raw).toBe(seen);
      byId.set(delivery.webhookId, delivery.raw);
    }
  }, 120_000);

  it('disables a subscription whose receiver answers 410 Gone, with the reason', async () => {
    const hook = await subscribe();
    receiver.respond(() => 410);
    worker = startWorker(api.database.url, WORKER_ENV);
    await loadedTrain(api, operator, exporter);
    await receiver.waitFor(() => receiver.requests.length >= 1);
    const listed = await waitForStatus(hook.id, 'disabled');
    expect(listed).toEqual(
      expect.objectContaining({ status: 'disabled', disabledReason: 'the receiver answered 410 Gone' }),
    );
    await loadedTrain(api, operator, exporter);
    await new Promise((done) => setTimeout(done, 1500));
    expect(receiver.requests).toHaveLength(1);
  });

  it('disables a subscription that has failed for 3 days, with the reason', async () => {
    const hook = await subscribe();
    receiver.respond(() => 503);
    const db = new pg.Client({ connectionString: api.database.url });
    await db.connect();
    try {
      // As if the receiver had been failing since before the weekend.
      await db.query(
        "UPDATE webhook_subscriptions SET failing_since = now() - interval '3 days 1 hour' WHERE id = $1",
        [hook.id],
      );
    } finally {
      await db.end();
    }
    worker = startWorker(api.database.url, WORKER_ENV);
    await loadedTrain(api, operator, exporter);
    const listed = await waitForStatus(hook.id, 'disabled');
    expect(listed.disabledReason).toMatch(/^failing since .*, last: HTTP 503$/);
  });

  it('checks the address actually connected to at delivery: a name that resolves to loopback is refused', async () => {
    const hook = await exporterApi.createWebhook({
      url: receiver.url.replace('127.0.0.1', 'localhost'),
      events: ['consignment.status_changed'],
    });
    receiver.setSecret(hook.secret);
    // This worker does not allow private targets (the api that accepted the URL did).
    worker = startWorker(api.database.url, { ...WORKER_ENV, ALLOW_PRIVATE_WEBHOOKS: 'false' });
    await loadedTrain(api, operator, exporter);
    let deliveries: Page<Delivery> = { items: [], nextCursor: null };
    for (let i = 0; i < 200 && deliveries.items.length === 0; i++) {
      await new Promise((done) => setTimeout(done, 50));
      deliveries = await exporterApi.webhookDeliveries(hook.id);
    }
    expect(deliveries.items[0]).toEqual(
      expect.objectContaining({
        succeeded: false,
        error: 'refused: the target is not allowed (its host must resolve only to public addresses)',
      }),
    );
    expect(receiver.requests).toHaveLength(0);
  });

  it('forgets idempotency keys past their 24 h retention (the worker purges them)', async () => {
    const db = new pg.Client({ connectionString: api.database.url });
    await db.connect();
    try {
      const keep = (hoursAgo: number, key: string) =>
        db.query(
          `INSERT INTO idempotency_keys (caller_id, key, request_hash, state, locked_until, created_at)
           VALUES ($1, $2, '\\x00', 'completed', now(), now() - make_interval(hours => $3))`,
          [operator.userId, key, hoursAgo],
        );
      await keep(25, 'yesterday-and-more');
      await keep(23, 'still-today');
      worker = startWorker(api.database.url, WORKER_ENV);
      const keys = async () =>
        (
          await db.query<{ key: string }>('SELECT key FROM idempotency_keys WHERE caller_id = $1 ORDER BY key', [
            operator.userId,
          ])
        ).rows.map((row) => row.key);
      for (let i = 0; i < 200 && (await keys()).includes('yesterday-and-more'); i++) {
        await new Promise((done) => setTimeout(done, 50));
      }
      expect(await keys()).toEqual(['still-today']);
    } finally {
      await db.end();
    }
  });

  it('delivers to a subscription only the types it subscribed to: ETA moves and damage reports, no status change', async () => {
    await subscribe(['consignment.eta_changed', 'consignment.damage_reported']);
    worker = startWorker(api.database.url, WORKER_ENV);
    // Planned in Moscow 2024-04-01 13:30 (UTC): 7 h later after a delay at the origin, then 10 h late at
    // Erenhot, and arrived 20 h late.
    const { train, consignment } = await delayedAndDamagedTrain(api, operator, exporter);
    await event(train.id, 'ARRIVED_AT_STATION', 'CNERC', '2024-03-22T11:30:00+08:00');
    await event(train.id, 'ARRIVED', 'RUMOW', '2024-04-02T12:30:00+03:00');

    const trip = (await updateFeed(api, exporter)).filter((e) => e.data.consignmentId === consignment.id);
    const expected = trip.filter((e) => e.type !== 'consignment.status_changed');
    expect(expected.map((e) => e.type)).toEqual([
      'consignment.eta_changed',
      'consignment.damage_reported',
      'consignment.eta_changed',
      'consignment.eta_changed',
    ]);
    await receiver.waitFor(() => receiver.accepted.length >= expected.length);
    // The status changes between them were passed over, and are not sent later either.
    await new Promise((done) => setTimeout(done, 1500));
    expect(receiver.accepted.map((r) => r.body)).toEqual(expected);
  });

  it('refuses a subscription to an unknown type with 422 listing the types', async () => {
    const problem = await exporterApi
      .request('POST', '/api/v1/webhooks', { json: { url: receiver.url, events: ['consignment.teleported'] } })
      .expectProblem(422);
    expect(problem.errors).toEqual([
      {
        field: 'events',
        message: expect.stringMatching(
          /consignment\.status_changed, consignment\.eta_changed, consignment\.damage_reported/,
        ) as unknown,
      },
    ]);
  });

  it('sends a signed webhook.test event at once, answers with the attempt and lists it with the deliveries', async () => {
    const hook = await subscribe();
    receiver.respond(() => 204);

    const attempt = await exporterApi.testWebhook(hook.id);

    expect(receiver.accepted).toHaveLength(1);
    const [received] = receiver.accepted;
    const sent = received!.body as unknown as WebhookTestEvent;
    expect(sent).toEqual({
      id: received!.webhookId,
      type: 'webhook.test',
      occurredAt: expect.any(String) as unknown,
      data: { webhookId: hook.id },
    });
    expect(attempt).toEqual({
      id: expect.any(String) as unknown,
      eventId: received!.webhookId,
      attempt: 1,
      succeeded: true,
      statusCode: 204,
      error: null,
      durationMs: expect.any(Number) as unknown,
      attemptedAt: expect.any(String) as unknown,
    });
    expect((await exporterApi.webhookDeliveries(hook.id)).items).toEqual([attempt]);
    const schemas = new OpenApiValidator(
      (await api.as().openApi()) as unknown as ConstructorParameters<typeof OpenApiValidator>[0],
    );
    expect(schemas.problems('DeliveryDto', attempt)).toEqual([]);
    expect(schemas.problems('WebhookTestEventDto', sent)).toEqual([]);
  });

  it('answers a test to a failing receiver with the failed attempt, leaving the subscription as it was', async () => {
    const hook = await subscribe();
    receiver.respond(() => 503);

    const attempt = await exporterApi.testWebhook(hook.id);

    expect(attempt).toEqual(expect.objectContaining({ succeeded: false, statusCode: 503, attempt: 1 }));
    expect(receiver.requests).toEqual([{ webhookId: attempt.eventId, status: 503 }]);
    const [listed] = (await exporterApi.listWebhooks()).items;
    expect(listed).toEqual(expect.objectContaining({ id: hook.id, status: 'active', failingSince: null }));
  });

  it('tests four webhooks at once against a receiver slower than the wait for a connection, on a pool of four, while a sign-in goes through', async () => {
    const hook = await subscribe();
    receiver.respond(() => 204, 6_000); // longer than the pool's connectionTimeoutMillis (5 s)

    const tests = [0, 1, 2, 3].map(() => exporterApi.testWebhook(hook.id));
    await new Promise((done) => setTimeout(done, 300));
    const signIn = api.as().signIn({ email: exporter.email, password: exporter.password });

    const [attempts, token] = await Promise.all([Promise.all(tests), signIn]);
    expect(attempts.map((attempt) => attempt.succeeded)).toEqual([true, true, true, true]);
    expect(token.accessToken).toEqual(expect.any(String));
  }, 30_000);

  it("tests only the caller's organization's webhooks: another's, or none, answers 404", async () => {
    const hook = await subscribe();
    await api
      .as(await createActor(api, 'exporter'))
      .testWebhook(hook.id)
      .expectProblem(404);
    await staff.testWebhook(hook.id).expectProblem(404);
    await exporterApi.testWebhook('00000000-0000-0000-0000-000000000000').expectProblem(404);
    await api.as().testWebhook(hook.id).expectStatus(401);
    expect(receiver.requests).toEqual([]);
    await (await api.asAdmin()).testWebhook(hook.id);
    expect(receiver.requests).toHaveLength(1);
  });

  it('keeps subscriptions to their organization: another exporter neither lists nor deletes them (404)', async () => {
    const hook = await subscribe();
    const other = api.as(await createActor(api, 'exporter'));
    const { items } = await other.listWebhooks();
    expect(items.map((item) => item.id)).not.toContain(hook.id);
    await other.deleteWebhook(hook.id).expectStatus(404);
    await other.webhookDeliveries(hook.id).expectStatus(404);
    expect(JSON.stringify(items)).not.toContain('whsec_');
  });
});

describe('status updates: webhook targets', () => {
  let api: TestApp;
  let exporter: Actor;

  beforeAll(async () => {
    api = await startTestApp({ ALLOW_HTTP_WEBHOOKS: 'true' });
    exporter = await createActor(api, 'exporter');
  });
  afterAll(() => api.close());

  it.each([
    'http://127.0.0.1/hooks',
    'http://10.0.0.1/hooks',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/hooks',
    'http://0.0.0.0/hooks',
    'http://localhost/hooks',
  ])(
    'refuses %s (loopback, private, link-local or unspecified) with 422 naming the setting, not the address',
    async (url) => {
      const problem = await api
        .as(exporter)
        .createWebhook({ url, events: ['consignment.status_changed'] })
        .expectStatus(422);
      expect(problem.errors![0]?.field).toBe('url');
      expect(problem.errors![0]?.message).toMatch(/ALLOW_PRIVATE_WEBHOOKS=true/);
      expect(JSON.stringify(problem)).not.toMatch(
        /127\.0\.0\.1|10\.0\.0\.1|169\.254|::1|0\.0\.0\.0|loopback|private address/,
      );
    },
  );

  it('answers a new subscription with a whsec_ secret shown once', async () => {
    const created = await api
      .as(exporter)
      .createWebhook({ url: 'http://93.184.215.14/hooks', events: ['consignment.status_changed'] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
  });
});
