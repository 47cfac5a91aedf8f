import pg from 'pg';
import { type Actor, createActor } from './support/actors.js';
import type { StatusEvent } from './support/api-types.js';
import { aDeparture } from './support/factories.js';
import { loadedTrain } from './support/scenarios.js';
import { openStream, type SseClient } from './support/sse.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('status updates: the server-sent event stream', () => {
  let api: TestApp;
  let second: TestApp;
  let operator: Actor;
  let exporterA: Actor;
  let exporterB: Actor;
  const streams: SseClient[] = [];

  /** A consignment of the exporter, loaded onto a new train: one status change (booked → loaded). */
  const loaded = (exporter: Actor) => loadedTrain(api, operator, exporter, { vehiclesEach: 2 });
  const depart = (trainId: string) => api.as(operator).recordTrainEvent(trainId, aDeparture());
  const open = async (app: TestApp, token: string, lastEventId?: string) => {
    const stream = await openStream(`${app.baseUrl}/api/v1/events/stream`, token, lastEventId);
    streams.push(stream);
    return stream;
  };
  const statuses = (stream: SseClient) =>
    (stream.events.map((e) => e.data) as StatusEvent[]).map((e) => `${e.data.consignmentId}:${e.data.status}`);

  beforeAll(async () => {
    api = await startTestApp();
    second = await startTestApp({}, api);
    operator = await createActor(api, 'operator');
    exporterA = await createActor(api, 'exporter');
    exporterB = await createActor(api, 'exporter');
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await second.close();
    await api.close();
  });

  it("streams the caller's status changes from now on, with ids, and never another organization's", async () => {
    const stream = await open(api, exporterA.token);
    const staff = await open(api, operator.token);
    const mine = await loaded(exporterA);
    const theirs = await loaded(exporterB);
    await depart(mine.train.id);
    await depart(theirs.train.id);

    await stream.waitFor(2);
    await staff.waitFor(4);
    expect(statuses(stream)).toEqual([`${mine.consignment.id}:loaded`, `${mine.consignment.id}:in_transit`]);
    expect(
      stream.events.every((e) => e.event === 'consignment.status_changed' && e.id === (e.data as StatusEvent).id),
    ).toBe(true);
    expect(statuses(staff)).toEqual(
      expect.arrayContaining([`${theirs.consignment.id}:loaded`, `${theirs.consignment.id}:in_transit`]),
    );
    // Nothing of B's reaches A, even later.
    await new Promise((done) => setTimeout(done, 1500));
    expect(stream.events).toHaveLength(2);
  });

  it('resumes from Last-Event-ID without missing what happened while disconnected', async () => {
    const first = await open(api, exporterA.token);
    const one = await loaded(exporterA);
    await first.waitFor(1);
    const lastSeen = first.events.at(-1)!.id;
    first.close();

    // While the client is away.
    await depart(one.train.id);
    const two = await loaded(exporterA);

    const again = await open(api, exporterA.token, lastSeen);
    await again.waitFor(2);
    await depart(two.train.id);
    await again.waitFor(3);
    expect(statuses(again)).toEqual([
      `${one.consignment.id}:in_transit`,
      `${two.consignment.id}:loaded`,
      `${two.consignment.id}:in_transit`,
    ]);
  });

  it('serves a stream from another api process than the one that wrote the events', async () => {
    const elsewhere = await open(second, exporterA.token);
    const three = await loaded(exporterA);
    await elsewhere.waitFor(1);
    expect(statuses(elsewhere)).toEqual([`${three.consignment.id}:loaded`]);
  });

  it('keeps feed order: an event whose transaction commits late comes before later-numbered ones', async () => {
    const mine = await open(api, exporterA.token);
    const staff = await open(second, operator.token);
    const { train, consignment } = await loaded(exporterA);
    await mine.waitFor(1);
    await staff.waitFor(1);
    const loadedId = mine.events[0]!.id;

    // A transaction that takes its event number first and commits last.
    const slow = new pg.Client({ connectionString: api.database.url });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(
        `INSERT INTO status_events (occurred_at, consignment_id, exporter_id, data)
         VALUES (now(), $1::uuid, $2::uuid, jsonb_build_object('consignmentId', $1::text, 'exporterId', $2::text,
           'waybillNumber', 'SLOW', 'previousStatus', 'loaded', 'status', 'slow', 'stationCode', null, 'eta', null, 'note', null))`,
        [consignment.id, exporterA.organizationId],
      );
      await depart(train.id);
      // The departure has committed, but it stays behind the open transaction's event.
      await new Promise((done) => setTimeout(done, 1500));
      expect(mine.events).toHaveLength(1);
      expect(staff.events).toHaveLength(1);
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    const expected = [`${consignment.id}:loaded`, `${consignment.id}:slow`, `${consignment.id}:in_transit`];
    await mine.waitFor(3);
    await staff.waitFor(3);
    expect(statuses(mine)).toEqual(expected);
    expect(statuses(staff)).toEqual(expected);
    // A resume from the first gets the other two, in the same order.
    const resumed = await open(second, exporterA.token, loadedId);
    await resumed.waitFor(2);
    expect(statuses(resumed)).toEqual(expected.slice(1));
  });

  it("refuses a Last-Event-ID that is not one of the caller's events (422)", async () => {
    const theirs = await open(api, exporterB.token);
    await loaded(exporterB);
    await theirs.waitFor(1);
    const foreign = await api.request('/api/v1/events/stream', {
      token: exporterA.token,
      headers: { 'last-event-id': theirs.events[0]!.id },
    });
    expect(foreign.status).toBe(422);
    const garbage = await api.request('/api/v1/events/stream', {
      token: exporterA.token,
      headers: { 'last-event-id': 'not-an-id' },
    });
    expect(garbage.status).toBe(422);
    expect((await api.request('/api/v1/events/stream')).status).toBe(401);
  });
});
