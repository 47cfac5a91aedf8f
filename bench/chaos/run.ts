/**
 * `npm run chaos`: the cluster under faults. On this machine, loopback only, with a PostgreSQL and a NATS
 * of its own (the machine's servers are shared and never touched), it starts 3 api and 2 worker
 * processes from the build, behind a TCP fault proxy in front of PostgreSQL, and drives them with seeded
 * clients: handhelds writing trains, bookings, loadings and late, out-of-order events with
 * Idempotency-Keys and retries; exporters' SSE streams resuming with Last-Event-ID on one process after
 * another; feed followers; webhook receivers that fail at random; a JetStream consumer. For a fixed time
 * it injects faults — kill -9 of api and worker processes (restarted), a PostgreSQL restart, proxy delays
 * and cuts, a NATS outage — then lets delivery catch up with the faults off, checks every promise
 * (checks.ts), prints a table, writes bench/results/chaos.json, and exits 1 on any violation.
 *
 * Options: `--seconds N` (CHAOS_SECONDS, default 300) of faults; `--seed N` (CHAOS_SEED, default 1);
 * `--handhelds N` (default 6); `--quiet-seconds N` (default 180), the most the catch-up may take.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../service-under-test.js';
import { checkEverything, type CheckResult, type Expectation } from './checks.js';
import { ClusterProcess } from './cluster.js';
import { FaultProxy } from './fault-proxy.js';
import { ChaosHttpClient } from './http-client.js';
import { FeedFollower, NatsConsumer, SseClient, WebhookReceiver } from './observers.js';
import { Prng } from './prng.js';
import { PrivateNats } from './private-nats.js';
import { PrivatePostgres } from './private-postgres.js';
import { type ChaosWorld, Handheld, setUpWorld } from './workload.js';

const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const SECONDS = Number(argument('--seconds') ?? process.env.CHAOS_SECONDS ?? 300);
const SEED = Number(argument('--seed') ?? process.env.CHAOS_SEED ?? 1);
const HANDHELDS = Number(argument('--handhelds') ?? 6);
const QUIET_SECONDS = Number(argument('--quiet-seconds') ?? 180);
const ADMIN = { email: 'chaos@landbridge.test', password: 'chaos-admin-password' };
const STREAM = 'LANDBRIDGE';
const UPDATE_TYPES = [
  'consignment.status_changed',
  'consignment.eta_changed',
  'consignment.damage_reported',
  'consignment.transshipped',
];

const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The faults injected, by kind. */
const faults = {
  apiKills: 0,
  workerKills: 0,
  postgresRestarts: 0,
  proxyCuts: 0,
  proxyDelayWindows: 0,
  natsOutages: 0,
};

async function main(): Promise<number> {
  const random = new Prng(SEED);
  log(`chaos: ${SECONDS} s of faults, seed ${SEED}, ${HANDHELDS} handhelds`);
  const postgres = await PrivatePostgres.start(await freePort());
  const proxy = await FaultProxy.start('127.0.0.1', postgres.port);
  const nats = await PrivateNats.start(await freePort());
  const logDir = await mkdtemp(join(tmpdir(), 'landbridge-chaos-logs-'));
  log(`PostgreSQL on ${postgres.port} (proxy ${proxy.port}), NATS on ${nats.port}, logs in ${logDir}`);
  const common = {
    DATABASE_URL: `postgres://postgres@127.0.0.1:${proxy.port}/postgres`,
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    TOKEN_SECRET: randomBytes(24).toString('hex'),
    SECRETS_KEY: randomBytes(24).toString('hex'),
    ALLOW_HTTP_WEBHOOKS: 'true',
    ALLOW_PRIVATE_WEBHOOKS: 'true',
    RATE_LIMIT_PER_MINUTE: '100000000',
    STREAMS_PER_CALLER: '20',
    ACCESS_TOKEN_TTL_SECONDS: '7200',
  };
  const apis = await Promise.all(
    [1, 2, 3].map(
      async (n) =>
        new ClusterProcess(
          `api-${n}`,
          'api',
          await freePort(),
          { ...common, HOST: '127.0.0.1', RUN_WORKER: 'false' },
          logDir,
        ),
    ),
  );
  const workers = [1, 2].map(
    (n) =>
      new ClusterProcess(
        `worker-${n}`,
        'worker',
        0,
        { ...common, NATS_URL: nats.url, NATS_STREAM: STREAM, WEBHOOK_RETRY_SECONDS: '1,2,4' },
        logDir,
      ),
  );
  const processes = [...apis, ...workers];
  // Should this process die unexpectedly, its children go with it (the servers are stopped in `finally`).
  process.once('exit', () => processes.forEach((child) => child.abandon()));
  const receivers: WebhookReceiver[] = [];
  const observers: { stop(): Promise<void> }[] = [];
  const db = new pg.Client({ connectionString: postgres.url });
  let result: CheckResult | undefined;
  let client: ChaosHttpClient | undefined;
  try {
    // The first api migrates the empty database; the others start on it.
    apis[0]!.start();
    await apis[0]!.ready();
    for (const process of processes.slice(1)) process.start();
    await Promise.all(processes.map((process) => process.ready()));
    log('3 api and 2 worker processes up');

    const apiUrls = apis.map((api) => api.baseUrl);
    client = new ChaosHttpClient(apiUrls, random.fork(), Date.now() + 600_000);
    const world = await setUpWorld(client, ADMIN, String(SEED));
    const [exporterA, exporterB] = world.exporters as [ChaosWorld['operator'], ChaosWorld['operator']];
    const subscriptions: (Omit<Expectation, 'received'> & { key: string })[] = [
      {
        name: 'webhook yutong',
        key: exporterA.key,
        exporterId: exporterA.organizationId,
        types: UPDATE_TYPES.slice(0, 2),
      },
      { name: 'webhook haima', key: exporterB.key, exporterId: exporterB.organizationId, types: UPDATE_TYPES },
      { name: 'webhook staff', key: world.operator.key, types: UPDATE_TYPES.slice(0, 1) },
    ];
    const expectations: Expectation[] = [];
    for (const subscription of subscriptions) {
      const receiver = await WebhookReceiver.start(random.fork());
      receivers.push(receiver);
      const { secret } = await client.must<{ secret: string }>(subscription.key, 'POST', '/api/v1/webhooks', {
        url: receiver.url,
        events: subscription.types,
      });
      receiver.setSecret(secret);
      expectations.push({ ...subscription, received: receiver.accepted });
    }
    const natsConsumer = new NatsConsumer(nats.url, STREAM);
    natsConsumer.start();
    observers.push(natsConsumer);
    expectations.push({ name: 'NATS consumer', received: natsConsumer.received });

    // Status events to start the streams after: a train with a consignment of each exporter, loaded.
    await new Handheld('S', client, world, random.fork(), Date.now() + 60_000).seedTrain();
    const lastSeen = async (key: string) => {
      for (;;) {
        const feed = await client!.must<{ items: { id: string }[] }>(key, 'GET', '/api/v1/events?limit=200');
        if (feed.items.length >= (key === world.operator.key ? 2 : 1)) return feed.items.at(-1)!.id;
        await sleep(200);
      }
    };
    const streams = [
      { name: 'SSE staff', key: world.operator.key, exporterId: undefined },
      { name: 'SSE yutong', key: exporterA.key, exporterId: exporterA.organizationId },
      { name: 'SSE haima', key: exporterB.key, exporterId: exporterB.organizationId },
    ];
    const sseClients: SseClient[] = [];
    for (const stream of streams) {
      const sse = new SseClient(stream.name, apiUrls, stream.key, await lastSeen(stream.key), random.fork());
      sse.start();
      observers.push(sse);
      sseClients.push(sse);
      expectations.push({
        name: stream.name,
        exporterId: stream.exporterId,
        after: sse.startAfter,
        received: sse.received,
      });
    }
    for (const [name, party] of [
      ['feed staff', world.operator],
      ['feed yutong', exporterA],
    ] as const) {
      const follower = new FeedFollower(name, client, party.key);
      follower.start();
      observers.push(follower);
      expectations.push({
        name,
        exporterId: party === exporterA ? party.organizationId : undefined,
        received: follower.received,
        exact: true,
      });
    }

    // Faults, while the handhelds write.
    const faultEnd = Date.now() + SECONDS * 1000;
    client.giveUpAt = faultEnd + 120_000;
    log(`faults on for ${SECONDS} s`);
    const handhelds = Array.from(
      { length: HANDHELDS },
      (_, i) => new Handheld(String(i + 1), client!, world, random.fork(), faultEnd),
    );
    const writing = Promise.all(handhelds.map((handheld) => handheld.run()));
    const injecting = injectFaults(random.fork(), processes, postgres, proxy, nats, faultEnd);
    await injecting;
    for (const receiver of receivers) receiver.chaotic = false;
    proxy.setDelay(0);
    log('faults off; the handhelds finish what they were sending');
    await writing;

    // Quiet: delivery catches up, or the deadline passes. The checks read the database directly.
    db.on('error', (error) => log(`checks' connection: ${error.message}`));
    await db.connect();
    const quietEnd = Date.now() + QUIET_SECONDS * 1000;
    for (;;) {
      result = await checkEverything(db, client.requests, expectations, world.stops[0]!.stationCode);
      if (!result.missing.length || Date.now() > quietEnd) break;
      await sleep(2000);
    }
    log(`delivery ${result.missing.length ? 'did not catch up' : 'caught up'}`);
    result.violations.push(...result.missing);
    await report(result, client, processes, proxy, receivers, natsConsumer, sseClients, handhelds);
    return result.violations.length ? 1 : 0;
  } finally {
    for (const observer of observers) await observer.stop().catch(() => undefined);
    for (const receiver of receivers) await receiver.close();
    await Promise.all(processes.map((process) => process.stop()));
    await db.end().catch(() => undefined);
    await proxy.close();
    await nats.remove();
    await postgres.remove();
    if (result && !result.violations.length) await rm(logDir, { recursive: true, force: true });
    else log(`process logs kept in ${logDir}`);
  }
}

/**
 * The fault plan, drawn from the seed and spread over the fault phase: kill -9 of a process (restarted
 * 1–4 s later; never the last api running) about every 12 s, a proxy cut every 5 s (all live connections,
 * half or a quarter), a delay window every 30 s, one PostgreSQL restart at 45 % and a NATS outage at 65 %.
 */
async function injectFaults(
  random: Prng,
  processes: ClusterProcess[],
  postgres: PrivatePostgres,
  proxy: FaultProxy,
  nats: PrivateNats,
  end: number,
): Promise<void> {
  const duration = end - Date.now();
  const plan: { at: number; run: () => Promise<void> | void }[] = [];
  const spread = (count: number, run: () => Promise<void> | void) => {
    for (let i = 0; i < count; i++) plan.push({ at: duration * (0.05 + (0.9 * (i + random.next())) / count), run });
  };
  spread(Math.max(4, Math.round(SECONDS / 12)), () => {
    let target = random.pick(processes);
    if (target.kind === 'api' && processes.filter((p) => p.kind === 'api' && p.running).length < 2) {
      target = random.pick(processes.filter((p) => p.kind === 'worker'));
    }
    if (!target.running) return;
    target.kill(random.int(1000, 4000));
    if (target.kind === 'api') faults.apiKills += 1;
    else faults.workerKills += 1;
    log(`kill -9 ${target.name}`);
  });
  spread(Math.max(12, Math.round(SECONDS / 5)), () => {
    const share = random.pick([1, 0.5, 0.25]);
    const live = proxy.live;
    faults.proxyCuts += 1;
    log(`proxy: cut ${proxy.cut(share, () => random.next())} of ${live} connections`);
  });
  spread(Math.max(3, Math.round(SECONDS / 30)), async () => {
    const delay = random.int(20, 300);
    const window = random.int(3000, 8000);
    faults.proxyDelayWindows += 1;
    log(`proxy: ${delay} ms delay for ${window / 1000} s`);
    proxy.setDelay(delay);
    await sleep(window);
    proxy.setDelay(0);
  });
  plan.push({
    at: duration * 0.45,
    run: async () => {
      log('PostgreSQL: restart -m immediate');
      faults.postgresRestarts += 1;
      await postgres.restart();
      log('PostgreSQL: back');
    },
  });
  plan.push({
    at: duration * 0.65,
    run: async () => {
      const outage = Math.min(20_000, duration * 0.1);
      log(`NATS: stopped for ${outage / 1000} s`);
      faults.natsOutages += 1;
      await nats.stop();
      await sleep(outage);
      await nats.start();
      log('NATS: back');
    },
  });
  const begun = Date.now();
  await Promise.all(
    plan.map(async ({ at, run }) => {
      await sleep(Math.max(0, begun + at - Date.now()));
      await run();
    }),
  );
  await sleep(Math.max(0, end - Date.now()));
}

async function report(
  result: CheckResult,
  client: ChaosHttpClient,
  processes: ClusterProcess[],
  proxy: FaultProxy,
  receivers: WebhookReceiver[],
  natsConsumer: NatsConsumer,
  sseClients: SseClient[],
  handhelds: Handheld[],
): Promise<void> {
  const requests = client.requests.filter((request) => request.kind !== 'setup');
  const count = (predicate: (r: (typeof requests)[number]) => boolean) => requests.filter(predicate).length;
  const byCheck: Record<string, number> = {};
  for (const violation of result.violations) byCheck[violation.check] = (byCheck[violation.check] ?? 0) + 1;
  const table: [string, string, number | string][] = [
    ['requests', 'writes sent', requests.length],
    ['requests', 'answered 2xx', count((r) => r.final !== null && r.final < 300)],
    ...[...new Set(requests.map((r) => r.final).filter((status) => status !== null && status >= 400))]
      .sort()
      .map(
        (status) => ['requests', `answered ${status}`, count((r) => r.final === status)] as [string, string, number],
      ),
    ['requests', 'given up unanswered', count((r) => r.final === null)],
    ['requests', 'attempts retried', requests.reduce((n, r) => n + r.attempts.length - 1, 0)],
    ['requests', 'answers replayed (Idempotent-Replayed)', count((r) => r.attempts.some((a) => a.replayed))],
    ['requests', 'trains', handhelds.reduce((n, h) => n + h.trains, 0)],
    ['faults', 'kill -9 api', faults.apiKills],
    ['faults', 'kill -9 worker', faults.workerKills],
    ['faults', 'other process exits (restarted)', processes.reduce((n, p) => n + p.exits.length, 0)],
    ['faults', 'PostgreSQL restarts', faults.postgresRestarts],
    ['faults', 'proxy cuts', faults.proxyCuts],
    ['faults', 'connections cut', proxy.stats.cutConnections],
    ['faults', 'proxy delay windows', faults.proxyDelayWindows],
    ['faults', 'NATS outages', faults.natsOutages],
    ['faults', 'webhook answers 500', receivers.reduce((n, r) => n + r.stats.answered500, 0)],
    ['faults', 'webhook requests left unanswered', receivers.reduce((n, r) => n + r.stats.leftUnanswered, 0)],
    ['events', 'update events stored', result.events],
    ...Object.entries(result.eventsByType).map(([type, n]) => ['events', type, n] as [string, string, number]),
    ['events', 'consignments with events', result.consignments],
    ...receivers.map(
      (r, i) =>
        ['deliveries', `webhook ${i + 1} accepted / requests`, `${r.accepted.length} / ${r.stats.requests}`] as [
          string,
          string,
          string,
        ],
    ),
    ['deliveries', 'NATS messages consumed', natsConsumer.received.length],
    ...sseClients.map(
      (s) =>
        ['deliveries', `${s.name} received (resumes)`, `${s.received.length} (${s.resumes})`] as [
          string,
          string,
          string,
        ],
    ),
    ['violations', 'total', result.violations.length],
    ...Object.entries(byCheck).map(([check, n]) => ['violations', check, n] as [string, string, number]),
  ];
  const width = Math.max(...table.map(([, what]) => what.length));
  console.log(`\n${'group'.padEnd(11)} ${'what'.padEnd(width)}  figure`);
  for (const [group, what, figure] of table) console.log(`${group.padEnd(11)} ${what.padEnd(width)}  ${figure}`);
  for (const violation of result.violations.slice(0, 40))
    console.log(`VIOLATION ${violation.check}: ${violation.detail}`);
  if (result.violations.length > 40)
    console.log(`… and ${result.violations.length - 40} more (bench/results/chaos.json)`);
  await mkdir('bench/results', { recursive: true });
  await writeFile(
    'bench/results/chaos.json',
    JSON.stringify(
      {
        seed: SEED,
        seconds: SECONDS,
        handhelds: HANDHELDS,
        table: table.map(([group, what, figure]) => ({ group, what, figure })),
        // Exits of a process on its own (a crash, not a kill of the run): its log says why.
        exits: processes.flatMap((p) => p.exits),
        violations: result.violations.slice(0, 1000),
      },
      null,
      2,
    ),
  );
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error);
  return 2;
});
