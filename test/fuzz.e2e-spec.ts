import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { createActor, TEST_ADMIN } from './support/actors.js';
import { aConsignment, aContainerNumber, aTrain } from './support/factories.js';
import { KnownValues, landbridgeHints } from './support/fuzz/domain-hints.js';
import {
  craftedCursor,
  garbageCredentials,
  hostileId,
  lastEventId,
  rawPathSegment,
} from './support/fuzz/hostile-values.js';
import {
  type Caller,
  fuzz,
  histogram,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  report,
  requestArbitrary,
  type RequestGenerators,
  sampleRequest,
  send,
} from './support/fuzz/http-fuzzer.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { startReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

/**
 * Fuzzes every operation of the live OpenAPI document with requests built from its schemas and mixed
 * with hostile values, as every kind of caller. Any 5xx, any 2xx without valid credentials (or to a role
 * the document does not allow), a request left unanswered, or an unhealthy service afterwards fails it.
 *
 * Repeatable: FUZZ_SEED=<the seed printed on stderr> gives the same requests (request #i of a run is
 * generated from the seed and i alone; the ids the server issues differ from run to run).
 * FUZZ_TRACE='POST /api/v1/trains,GET /api/v1/trains/{id}' prints those operations' exchanges as they
 * happen; FUZZ_VERBOSE=1 prints the status codes of every operation.
 */

const REQUESTS = 5000;
const MIN_REQUESTS = 5000;
const CONCURRENCY = 12;
const REQUEST_TIMEOUT_MS = 10_000;
const TOKEN_SECRET = 'fuzz-token-secret-that-is-long-enough-0123456789';

const isoHoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

function fuzzSeed(): number {
  const configured = process.env.FUZZ_SEED;
  if (configured === undefined || configured === '') return randomInt(2 ** 31);
  const seed = Number(configured);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${configured}`);
  return seed;
}

/** Encodes a path segment; a lone surrogate (which encodeURIComponent refuses) becomes U+FFFD first. */
const segment = (value: string) => encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));

interface Seeded {
  admin: string;
  operator: string;
  exporter: string;
  exporterApiKey: string;
  /** The users the callers above are, which PATCH /users/{id} leaves alone (see pathValue). */
  callerIds: string[];
}

/**
 * Real data for generated requests to hit: a departed train with an exporter's consignment loaded on it,
 * a planned train, another exporter's consignment, webhooks and API keys. Every answer is remembered.
 */
async function seedData(api: TestApp, known: KnownValues, webhookUrl: string): Promise<Seeded> {
  const admin = await api.adminToken();
  const operator = await createActor(api, 'operator');
  const exporter = await createActor(api, 'exporter');
  const otherExporter = await createActor(api, 'exporter');
  const post = async <T>(path: string, token: string, json: unknown, ...statuses: number[]): Promise<T> => {
    const response = await api.request(path, { method: 'POST', token, json });
    const text = await response.text();
    if (!(statuses.length ? statuses : [201]).includes(response.status)) {
      throw new Error(`seeding: POST ${path} answered ${response.status} ${text}`);
    }
    const body = JSON.parse(text) as T;
    known.record(path.replace(/\/[0-9a-f-]{36}\//, '/{id}/'), body);
    return body;
  };

  const departed = await post<{ id: string }>(
    '/api/v1/trains',
    operator.token,
    aTrain({ plannedDepartureAt: isoHoursAgo(48) }),
  );
  await post('/api/v1/trains', admin, aTrain({ plannedDepartureAt: isoHoursAgo(-48) }));
  const own = await post<{ vehicles: { vin: string }[] }>('/api/v1/consignments', exporter.token, aConsignment(3));
  await post('/api/v1/consignments', admin, aConsignment(2, { exporterId: otherExporter.organizationId }));
  await post(`/api/v1/trains/${departed.id}/loadings`, operator.token, {
    unit: { kind: 'container', number: aContainerNumber() },
    vins: own.vehicles.map((vehicle) => vehicle.vin),
  });
  await post(`/api/v1/trains/${departed.id}/events`, operator.token, {
    type: 'DEPARTED',
    stationCode: 'CNZGZ',
    occurredAt: isoHoursAgo(24),
  });
  // A receiver on this machine, which answers at once: POST /webhooks/{id}/test calls it (this app runs
  // no worker, so nothing else does).
  const events = ['consignment.status_changed'];
  await post('/api/v1/webhooks', exporter.token, { url: webhookUrl, events });
  await post('/api/v1/webhooks', admin, { url: `${webhookUrl}/admin`, events });
  const apiKey = await post<{ key: string }>('/api/v1/api-keys', exporter.token, { name: 'fuzz erp' });
  await post('/api/v1/api-keys', operator.token, { name: 'fuzz handheld' });
  const { id: adminId } = await api.as(admin).me();
  return {
    admin,
    operator: operator.token,
    exporter: exporter.token,
    exporterApiKey: apiKey.key,
    callerIds: [adminId, operator.userId, exporter.userId],
  };
}

/** Reads every collection as each role: the ids it lists, and real cursors (pages of one). */
async function readCollections(api: TestApp, operations: Operation[], tokens: string[], known: KnownValues) {
  for (const operation of operations.filter((op) => op.method === 'GET' && !op.path.includes('{'))) {
    const paged = operation.parameters.some((parameter) => parameter.name === 'limit');
    for (const token of tokens) {
      for (const query of paged ? ['?limit=200', '?limit=1'] : ['']) {
        const request = { operation, caller: { kind: 'admin' as const }, method: 'GET', url: operation.path + query };
        // Through `send`, which closes an event stream once it answers.
        const outcome = await send(
          api.baseUrl,
          { ...request, headers: { authorization: `Bearer ${token}` } },
          REQUEST_TIMEOUT_MS,
        );
        if (outcome.status === 200 && outcome.contentType?.includes('json')) {
          known.record(operation.path, JSON.parse(outcome.body));
        }
      }
    }
  }
}

function generatorsFor(
  document: OpenApiDocument,
  known: KnownValues,
  seeded: Seeded,
  garbage: string[],
): RequestGenerators {
  const bearer = (kind: Caller['kind'], token: string): Caller => ({ kind, authorization: `Bearer ${token}` });
  const hint = landbridgeHints(known);
  return {
    schema: {
      resolve: (ref) => document.components!.schemas![ref.replace('#/components/schemas/', '')]!,
      hint,
    },
    callers: fc.oneof(
      { weight: 4, arbitrary: fc.constant(bearer('admin', seeded.admin)) },
      { weight: 3, arbitrary: fc.constant(bearer('operator', seeded.operator)) },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          bearer('exporter', seeded.exporter),
          bearer('exporter', seeded.exporter),
          bearer('exporter', seeded.exporterApiKey),
        ),
      },
      { weight: 1, arbitrary: fc.constant<Caller>({ kind: 'anonymous' }) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(...garbage).map((authorization): Caller => ({ kind: 'garbage', authorization })),
      },
    ),
    // Mostly ids of the collection the path names, else of anything with that name, random or hostile.
    pathValue: (operation, name) => {
      const collection = operation.path.slice(0, operation.path.indexOf(`/{${name}}`));
      // The callers' own accounts keep their role and stay enabled: otherwise their later requests would be
      // refused (401) or made with another role than the caller kind says, and the run would test less.
      const spared = operation.method === 'PATCH' && collection === '/api/v1/users' ? seeded.callerIds : [];
      const real = known
        .inCollection(collection, name)
        .map(String)
        .filter((value) => !spared.includes(value));
      const sameName = known
        .values(name)
        .map(String)
        .filter((value) => !spared.includes(value));
      const hinted = hint(name);
      // A value that is a fixed route beside this one ('me' of /users/me for /users/{id}) would be judged
      // against the wrong operation's roles.
      const fixedSiblings = new Set(
        Object.keys(document.paths)
          .filter((path) => path.startsWith(`${collection}/`))
          .map((path) => path.slice(collection.length + 1).split('/')[0]),
      );
      const hostile = hostileId.filter((value) => !fixedSiblings.has(value));
      return fc.oneof(
        ...(real.length ? [{ weight: 6, arbitrary: fc.constantFrom(...real).map(segment) }] : []),
        ...(sameName.length ? [{ weight: 2, arbitrary: fc.constantFrom(...sameName).map(segment) }] : []),
        ...(hinted ? [{ weight: 1, arbitrary: hinted.map((value) => segment(String(value))) }] : []),
        { weight: 2, arbitrary: fc.uuid() },
        { weight: 3, arbitrary: hostile.map(segment) },
        { weight: 1, arbitrary: rawPathSegment },
      );
    },
    realCursors: (operation) => known.cursors(operation.path),
    craftedCursors: craftedCursor(known.cursorKeys()),
    lastEventId: lastEventId(known.inCollection('/api/v1/events', 'id').map(String)),
  };
}

describe('fuzzing every operation of the OpenAPI document', () => {
  let api: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    api = await startTestApp({
      RATE_LIMIT_PER_MINUTE: '1000000',
      RUN_WORKER: 'false',
      TOKEN_SECRET,
      ALLOW_HTTP_WEBHOOKS: 'true',
      ALLOW_PRIVATE_WEBHOOKS: 'true',
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await api?.close();
  });

  it('answers thousands of generated and hostile requests without a 5xx or an unauthenticated 2xx', async () => {
    const seed = fuzzSeed();
    process.stderr.write(`fuzz: FUZZ_SEED=${seed}\n`);
    const document = (await (await api.request('/api/v1/openapi.json')).json()) as OpenApiDocument;
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(30);

    const known = new KnownValues();
    const seeded = await seedData(api, known, receiver.url);
    await readCollections(api, operations, [seeded.admin, seeded.operator, seeded.exporter], known);
    const garbage = await garbageCredentials({
      validToken: seeded.admin,
      tokenSecret: TOKEN_SECRET,
      adminEmail: TEST_ADMIN.email,
      adminPassword: TEST_ADMIN.password,
    });
    const generators = generatorsFor(document, known, seeded, garbage);
    const request = fc.oneof(...operations.map((operation) => requestArbitrary(operation, generators)));
    const trace = (process.env.FUZZ_TRACE ?? '').split(',').map((operation) => operation.trim());

    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype);
    const started = Date.now();
    const { sent, findings, stats } = await fuzz({
      count: REQUESTS,
      concurrency: CONCURRENCY,
      requestAt: (index) => sampleRequest(request, seed, index),
      send: (fuzzRequest) => send(api.baseUrl, fuzzRequest, REQUEST_TIMEOUT_MS),
      trace: (fuzzRequest) => trace.includes(`${fuzzRequest.method} ${fuzzRequest.operation.path}`),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const statuses = [...stats.values()].map((entry) => entry.statuses);
    process.stderr.write(`fuzz: ${sent} requests in ${seconds} s (FUZZ_SEED=${seed}): ${histogram(statuses)}\n`);
    if (process.env.FUZZ_VERBOSE) {
      for (const [operation, entry] of stats) {
        const count = [...entry.statuses.values()].reduce((sum, n) => sum + n, 0);
        const average = (entry.milliseconds / count).toFixed(0);
        process.stderr.write(`fuzz:   ${operation} (${average} ms on average): ${histogram([entry.statuses])}\n`);
      }
    }

    const health = await api.request('/health');
    const polluted = Object.getOwnPropertyNames(Object.prototype).filter((name) => !prototypeBefore.includes(name));
    const problems = [
      ...(findings.length
        ? [`${findings.length} findings (replay with FUZZ_SEED=${seed}):\n\n${report(findings)}`]
        : []),
      ...(health.status === 200 ? [] : [`GET /health answered ${health.status} after the run: ${await health.text()}`]),
      ...(polluted.length ? [`Object.prototype gained ${polluted.join(', ')}`] : []),
    ];
    // Thrown rather than compared, so that the requests read as they were sent (not escaped in a diff).
    if (problems.length) throw new Error(problems.join('\n\n'));
    expect(sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
  }, 150_000);
});
