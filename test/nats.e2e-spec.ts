import { randomBytes } from 'node:crypto';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { type Actor, createActor } from './support/actors.js';
import { aDeparture } from './support/factories.js';
import { delayedAndDamagedTrain, loadedTrain } from './support/scenarios.js';
import { updateFeed } from './support/status-feed.js';
import { startProxy, type TcpProxy } from './support/tcp-proxy.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { startWorker, type WorkerProcess } from './support/worker-process.js';

const NATS_URL = process.env.NATS_URL;
// Needs a NATS server with JetStream: `.ci/run` sets NATS_URL (this machine's nats://127.0.0.1:4222);
// without it (`npm test` on a machine with nothing installed) these tests do not run.
const describeWithNats = NATS_URL ? describe : describe.skip;
const suiteName = NATS_URL
  ? 'status updates: NATS JetStream'
  : 'NATS suite skipped: set NATS_URL=nats://127.0.0.1:4222 to run it';

describeWithNats(suiteName, () => {
  const run = randomBytes(4).toString('hex');
  const stream = `LANDBRIDGE_TEST_${run}`;
  const prefix = `landbridge_test_${run}`;
  let api: TestApp;
  let operator: Actor;
  let exporter: Actor;
  let nats: NatsConnection;
  let manager: JetStreamManager;
  let proxy: TcpProxy;
  let worker: WorkerProcess;

  const messages = async () => (await manager.streams.info(stream).catch(() => undefined))?.state.messages ?? -1;
  const until = async (predicate: () => Promise<boolean>, timeoutMs = 30_000) => {
    const started = Date.now();
    while (!(await predicate())) {
      if (Date.now() - started > timeoutMs) throw new Error('waited in vain');
      await new Promise((done) => setTimeout(done, 100));
    }
  };
  const feedIds = async () => (await updateFeed(api, operator)).map((item) => item.id);

  beforeAll(async () => {
    api = await startTestApp();
    operator = await createActor(api, 'operator');
    exporter = await createActor(api, 'exporter');
    nats = await connect({ servers: NATS_URL });
    manager = await nats.jetstreamManager();
    const target = new URL(NATS_URL!);
    proxy = await startProxy(target.hostname, Number(target.port || 4222));
  });
  afterAll(async () => {
    await worker?.stop();
    await manager.streams.delete(stream).catch(() => undefined);
    await nats.close();
    await proxy.close();
    await api.close();
  });

  it('publishes each status change once, keeps accepting writes while NATS is unreachable, and catches up when it returns', async () => {
    const before = new Set(await feedIds());
    worker = startWorker(api.database.url, {
      NATS_URL: `nats://127.0.0.1:${proxy.port}`,
      NATS_STREAM: stream,
      NATS_SUBJECT_PREFIX: prefix,
    });
    await until(async () => (await messages()) >= 0); // the worker created the stream

    // Two consignments loaded onto a new train: two status changes.
    await loadedTrain(api, operator, exporter, { consignments: 2 });
    await until(async () => (await messages()) === 2);

    await proxy.down();
    const { train } = await loadedTrain(api, operator, exporter, { consignments: 3 });
    await api.as(operator).recordTrainEvent(train.id, aDeparture());
    await new Promise((done) => setTimeout(done, 1000));
    expect(await messages()).toBe(2);

    await proxy.up();
    await until(async () => (await messages()) === 8);

    const published: { msgId: string; eventId: string; subject: string }[] = [];
    for (let seq = 1; seq <= 8; seq++) {
      const message = await manager.streams.getMessage(stream, { seq });
      published.push({
        msgId: message.header.get('Nats-Msg-Id'),
        eventId: message.json<{ id: string }>().id,
        subject: message.subject,
      });
    }
    const expected = (await feedIds()).filter((id) => !before.has(id));
    expect(expected).toHaveLength(8);
    expect(published.map((m) => m.eventId).sort()).toEqual([...expected].sort());
    expect(published.every((m) => m.msgId === m.eventId)).toBe(true);
    expect(published.every((m) => m.subject === `${prefix}.consignment.status_changed`)).toBe(true);

    // Published again (as after a crash between the acknowledgement and the cursor): dropped as a duplicate.
    const again = await nats.jetstream().publish(`${prefix}.consignment.status_changed`, '{}', { msgID: expected[0] });
    expect(again.duplicate).toBe(true);
    expect(await messages()).toBe(8);
  });

  it('publishes ETA moves and damage reports on subjects of their own type', async () => {
    // The worker of the test above publishes, NATS reachable again.
    const before = await messages();
    const { consignment } = await delayedAndDamagedTrain(api, operator, exporter);
    const events = (await updateFeed(api, operator)).filter((e) => e.data.consignmentId === consignment.id);
    expect(events.map((e) => e.type)).toEqual([
      'consignment.status_changed',
      'consignment.status_changed',
      'consignment.eta_changed',
      'consignment.damage_reported',
    ]);
    await until(async () => (await messages()) === before + events.length);

    const published = new Map<string, { subject: string; msgId: string; body: unknown }>();
    for (let seq = before + 1; seq <= before + events.length; seq++) {
      const message = await manager.streams.getMessage(stream, { seq });
      const body = message.json<{ id: string }>();
      published.set(body.id, { subject: message.subject, msgId: message.header.get('Nats-Msg-Id'), body });
    }
    for (const event of events) {
      expect(published.get(event.id)).toEqual({ subject: `${prefix}.${event.type}`, msgId: event.id, body: event });
    }
  });
});
