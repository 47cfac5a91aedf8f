import fc from 'fast-check';
import pg from 'pg';
import { type Actor, createActor } from './support/actors.js';
import { aConsignment, aContainerNumber, aTrain } from './support/factories.js';
import { feedSettled } from './support/feed-settled.js';
import { bodyWithStatus } from './support/expect-status.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Consignment {
  id: string;
  waybillNumber: string;
  status: string;
  currentStationCode: string | null;
  eta: string | null;
  vehicles: { vin: string; status: string }[];
}
interface Train {
  id: string;
  status: string;
  departedAt: string | null;
  arrivedAt: string | null;
  currentStationCode: string | null;
  eta: string | null;
}
interface TimelineItem {
  id: string;
  type: string;
  stationCode: string;
  stationName: string;
  occurredAt: string;
  recordedAt: string;
  source: 'train' | 'consignment';
  note: string | null;
}
interface Timeline {
  items: TimelineItem[];
  planned: { stationCode: string; plannedAt: string; eta: string | null }[];
}
interface StatusEvent {
  id: string;
  type: string;
  occurredAt: string;
  data: {
    consignmentId: string;
    waybillNumber: string;
    exporterId: string;
    previousStatus: string;
    status: string;
    stationCode: string | null;
    eta: string | null;
  };
}

/** Departure of the test trains (planned 2024-03-20 09:30 in Zhengzhou). */
const DEPARTURE = Date.parse('2024-03-20T01:30:00Z');
const at = (hours: number) => new Date(DEPARTURE + hours * 3_600_000).toISOString();

interface TripEvent {
  on: 'train' | 'consignment';
  body: Record<string, unknown>;
}
const train = (type: string, stationCode: string, hours: number, extra = {}): TripEvent => ({
  on: 'train',
  body: { type, stationCode, occurredAt: at(hours), ...extra },
});
const consignment = (type: string, stationCode: string, hours: number, extra = {}): TripEvent => ({
  on: 'consignment',
  body: { type, stationCode, occurredAt: at(hours), ...extra },
});

/** Zhengzhou → Erenhot → Zamyn-Uud (gauge change, customs hold, delay) → … → Moscow, on ZGZ-MOW-ERC. */
const FULL_TRIP: TripEvent[] = [
  train('DEPARTED', 'CNZGZ', 0),
  train('ARRIVED_AT_STATION', 'CNERC', 41),
  train('BORDER_CROSSED', 'CNERC', 44),
  train('ARRIVED_AT_STATION', 'MNZUU', 53),
  train('GAUGE_CHANGED', 'MNZUU', 58, { note: 'containers onto 1520 mm wagons' }),
  consignment('CUSTOMS_HOLD', 'MNZUU', 59, { note: 'documents checked' }),
  train('DELAYED', 'MNZUU', 60, { delayHours: 12 }),
  consignment('CUSTOMS_CLEARED', 'MNZUU', 70),
  train('DEPARTED_STATION', 'MNZUU', 72),
  train('ARRIVED_AT_STATION', 'MNULN', 92),
  train('ARRIVED_AT_STATION', 'RUNKI', 120),
  train('ARRIVED_AT_STATION', 'RUOVB', 196),
  train('ARRIVED_AT_STATION', 'RUYEK', 258),
  train('ARRIVED', 'RUMOW', 330),
  consignment('UNLOADED', 'RUMOW', 332),
  consignment('DELIVERED', 'RUMOW', 340),
];

describe('tracking: events, derived status, timeline, ETA and the status feed', () => {
  let api: TestApp;
  let operator: Actor;
  let exporterA: Actor;
  let exporterB: Actor;

  const json = bodyWithStatus;
  const post = (path: string, body: unknown, token = operator.token) =>
    api.request(path, { method: 'POST', token, json: body });
  const get = <T>(path: string, token = operator.token) =>
    api.request(path, { token }).then((response) => json<T>(response, 200));

  /** A train with one consignment of `vehicles` of the exporter (and optionally more consignments), loaded. */
  async function loadedTrain(exporter: Actor, vehicles = 3, consignments = 1) {
    const created = await json<Train>(await post('/api/v1/trains', aTrain()), 201);
    const booked: Consignment[] = [];
    for (let i = 0; i < consignments; i++) {
      const c = await json<Consignment>(
        await post('/api/v1/consignments', aConsignment(vehicles), exporter.token),
        201,
      );
      await json(
        await post(`/api/v1/trains/${created.id}/loadings`, {
          unit: { kind: 'container', number: aContainerNumber() },
          vins: c.vehicles.map((v) => v.vin),
        }),
        201,
      );
      booked.push(c);
    }
    return { train: created, consignments: booked };
  }
  const send = (trainId: string, consignmentId: string, event: TripEvent) =>
    post(
      event.on === 'train' ? `/api/v1/trains/${trainId}/events` : `/api/v1/consignments/${consignmentId}/events`,
      event.body,
    );
  const feed = async (token: string, after?: string, settle = true) => {
    if (settle) await feedSettled(api.database.url);
    const items: StatusEvent[] = [];
    let cursor = after;
    for (;;) {
      const page = await get<{ items: StatusEvent[]; nextCursor: string | null }>(
        `/api/v1/events?limit=200${cursor ? `&after=${cursor}` : ''}`,
        token,
      );
      items.push(...page.items);
      if (!page.nextCursor) return items;
      cursor = page.nextCursor;
    }
  };

  beforeAll(async () => {
    api = await startTestApp();
    operator = await createActor(api, 'operator');
    exporterA = await createActor(api, 'exporter');
    exporterB = await createActor(api, 'exporter');
  });
  afterAll(() => api.close());

  it('follows a full trip through a customs hold to delivery, with a timeline in time order and an ETA that moves', async () => {
    const { train: t, consignments } = await loadedTrain(exporterA, 3);
    const c = consignments[0]!;
    const etas: Record<string, string | null> = {};
    for (const event of FULL_TRIP) {
      await json(await send(t.id, c.id, event), 201);
      etas[`${String(event.body.type)}@${String(event.body.stationCode)}`] = (
        await get<Consignment>(`/api/v1/consignments/${c.id}`)
      ).eta;
    }

    // Before the delay: 1 h late at Zamyn-Uud (planned at 52 h), so Moscow at 300 + 1 h.
    expect(etas['ARRIVED_AT_STATION@MNZUU']).toBe(at(301));
    // DELAYED at 60 h, 8 h behind plan at Zamyn-Uud, plus 12 h declared: Moscow at 300 + 20 h.
    expect(etas['DELAYED@MNZUU']).toBe(at(320));
    // Seen at Ulaanbaatar at 92 h (planned 70): 22 h late.
    expect(etas['ARRIVED_AT_STATION@MNULN']).toBe(at(322));
    expect(etas['ARRIVED@RUMOW']).toBe(at(330));

    const statuses = (await feed(exporterA.token))
      .filter((e) => e.data.consignmentId === c.id)
      .map((e) => `${e.data.previousStatus}→${e.data.status}`);
    expect(statuses).toEqual([
      'booked→loaded',
      'loaded→in_transit',
      'in_transit→customs_hold',
      'customs_hold→in_transit',
      'in_transit→arrived',
      'arrived→delivered',
    ]);

    const after = await get<Consignment>(`/api/v1/consignments/${c.id}`);
    expect(after).toEqual(expect.objectContaining({ status: 'delivered', currentStationCode: 'RUMOW', eta: at(330) }));
    expect(after.vehicles.every((v) => v.status === 'delivered')).toBe(true);
    expect(await get<Train>(`/api/v1/trains/${t.id}`)).toEqual(
      expect.objectContaining({
        status: 'arrived',
        departedAt: at(0),
        arrivedAt: at(330),
        currentStationCode: 'RUMOW',
      }),
    );

    const timeline = await get<Timeline>(`/api/v1/consignments/${c.id}/timeline`, exporterA.token);
    expect(timeline.items.map((i) => i.occurredAt)).toEqual(FULL_TRIP.map((e) => e.body.occurredAt));
    expect(timeline.items.map((i) => i.type)).toEqual(FULL_TRIP.map((e) => e.body.type));
    expect(timeline.items.find((i) => i.type === 'CUSTOMS_HOLD')).toEqual(
      expect.objectContaining({ source: 'consignment', stationName: 'Zamyn-Uud', note: 'documents checked' }),
    );
    expect(timeline.items[0]).toEqual(expect.objectContaining({ source: 'train', stationCode: 'CNZGZ' }));
    expect(timeline.planned.map((p) => p.stationCode)).toEqual([
      'CNZGZ',
      'CNERC',
      'MNZUU',
      'MNULN',
      'RUNKI',
      'RUOVB',
      'RUYEK',
      'RUMOW',
    ]);
    expect(timeline.planned[2]).toEqual({ stationCode: 'MNZUU', plannedAt: at(52), eta: at(53) });
    expect(timeline.planned[7]).toEqual({ stationCode: 'RUMOW', plannedAt: at(300), eta: at(330) });
  });

  it('applies a train event to every consignment and vehicle on the train, and lookups show it', async () => {
    const { train: t, consignments } = await loadedTrain(exporterA, 4, 3);
    await json(await send(t.id, '', train('DEPARTED', 'CNZGZ', 0)), 201);
    await json(await send(t.id, '', train('ARRIVED_AT_STATION', 'CNERC', 43)), 201);
    for (const c of consignments) {
      const now = await get<Consignment>(`/api/v1/consignments/${c.id}`);
      expect(now).toEqual(expect.objectContaining({ status: 'in_transit', currentStationCode: 'CNERC', eta: at(303) }));
      expect(now.vehicles.every((v) => v.status === 'in_transit')).toBe(true);
      const vehicle = await get<Record<string, unknown>>(`/api/v1/vehicles/${c.vehicles[0]!.vin}`, exporterA.token);
      expect(vehicle).toEqual(
        expect.objectContaining({ status: 'in_transit', currentStationCode: 'CNERC', eta: at(303), trainId: t.id }),
      );
      const byWaybill = await get<{ items: Consignment[] }>(
        `/api/v1/consignments?waybillNumber=${c.waybillNumber}`,
        exporterA.token,
      );
      expect(byWaybill.items).toEqual([
        expect.objectContaining({ id: c.id, status: 'in_transit', currentStationCode: 'CNERC', eta: at(303) }),
      ]);
    }
    expect(await get<Train>(`/api/v1/trains/${t.id}`)).toEqual(
      expect.objectContaining({ status: 'departed', currentStationCode: 'CNERC', eta: at(303) }),
    );
  });

  it('writes exactly one status event per actual change, none for events that change nothing, to the exporter and staff only', async () => {
    const { train: t, consignments } = await loadedTrain(exporterA, 2);
    const c = consignments[0]!;
    const mark = (await feed(operator.token)).at(-1)!.id;

    await json(await send(t.id, c.id, train('DEPARTED', 'CNZGZ', 0)), 201);
    await json(await send(t.id, c.id, train('ARRIVED_AT_STATION', 'CNERC', 41)), 201);
    await json(await send(t.id, c.id, train('BORDER_CROSSED', 'CNERC', 44)), 201);
    await json(await send(t.id, c.id, train('DELAYED', 'CNERC', 45, { delayHours: 3 })), 201);
    // The same event again (a handheld retrying without an Idempotency-Key): returned, nothing recorded.
    const again = await send(t.id, c.id, train('BORDER_CROSSED', 'CNERC', 44));
    expect(again.status).toBe(200);

    const staffView = (await feed(operator.token, mark)).filter((e) => e.data.consignmentId === c.id);
    expect(staffView.map((e) => e.data.status)).toEqual(['in_transit']);
    expect(staffView[0]!.data).toEqual(
      expect.objectContaining({
        previousStatus: 'loaded',
        exporterId: exporterA.organizationId,
        waybillNumber: c.waybillNumber,
      }),
    );
    const exporterView = await feed(exporterA.token);
    expect(exporterView.filter((e) => e.data.consignmentId === c.id).map((e) => e.data.status)).toEqual([
      'loaded',
      'in_transit',
    ]);
    expect(exporterView.every((e) => e.data.exporterId === exporterA.organizationId)).toBe(true);
    expect((await feed(exporterB.token)).filter((e) => e.data.consignmentId === c.id)).toEqual([]);
    // B cannot even use A's event as a position.
    const foreign = await api.request(`/api/v1/events?after=${staffView[0]!.id}`, { token: exporterB.token });
    expect(foreign.status).toBe(422);

    const timeline = await get<Timeline>(`/api/v1/consignments/${c.id}/timeline`);
    expect(timeline.items.filter((i) => i.type === 'BORDER_CROSSED')).toHaveLength(1);
  });

  it('refuses events that the route, the clock or the current state forbid, with the reason', async () => {
    const { train: t, consignments } = await loadedTrain(exporterA, 1);
    const c = consignments[0]!;
    const problem = async (response: Response, status: number) => {
      const body = await json<{ detail: string; errors?: { field: string; message: string }[] }>(response, status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      return body;
    };

    expect((await problem(await send(t.id, c.id, train('BORDER_CROSSED', 'CNERC', 44)), 409)).detail).toMatch(
      /has not departed/,
    );
    expect((await problem(await send(t.id, c.id, consignment('DELIVERED', 'RUMOW', 10)), 409)).detail).toMatch(
      /the train has not departed at that time/,
    );
    // A consignment event on the way needs the train to have left; at the origin it may come first.
    await json(await send(t.id, c.id, consignment('CUSTOMS_HOLD', 'CNZGZ', -2)), 201);
    expect((await problem(await send(t.id, c.id, consignment('CUSTOMS_HOLD', 'CNZGZ', -1)), 409)).detail).toMatch(
      /a customs hold is open since .*: record CUSTOMS_CLEARED between two holds/,
    );
    await json(await send(t.id, c.id, consignment('CUSTOMS_CLEARED', 'CNZGZ', -1)), 201);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const ahead = await problem(
      await post(`/api/v1/trains/${t.id}/events`, { ...train('DEPARTED', 'CNZGZ', 0).body, occurredAt: future }),
      422,
    );
    expect(ahead.errors).toEqual([expect.objectContaining({ field: 'occurredAt' })]);
    const offRoute = await problem(await send(t.id, c.id, train('DEPARTED', 'CNMLX', 0)), 422);
    expect(offRoute.errors).toEqual([{ field: 'stationCode', message: 'CNMLX is not a stop of route ZGZ-MOW-ERC' }]);
    expect((await problem(await send(t.id, c.id, train('DEPARTED', 'CNERC', 0)), 422)).errors?.[0]?.message).toMatch(
      /origin/,
    );
    const noDelay = await problem(
      await post(`/api/v1/trains/${t.id}/events`, { type: 'DELAYED', stationCode: 'CNZGZ', occurredAt: at(1) }),
      422,
    );
    expect(noDelay.errors?.[0]?.field).toBe('delayHours');
    const unknownProperty = await problem(
      await post(`/api/v1/trains/${t.id}/events`, { ...train('DEPARTED', 'CNZGZ', 0).body, vin: 'X' }),
      422,
    );
    expect(unknownProperty.errors?.[0]?.field).toBe('vin');

    await json(await send(t.id, c.id, train('DEPARTED', 'CNZGZ', 0)), 201);
    await json(await send(t.id, c.id, train('ARRIVED_AT_STATION', 'MNZUU', 53)), 201);
    // Before the departure, or at an earlier stop after a later one: contradictions of the route.
    expect(
      (await problem(await send(t.id, c.id, train('ARRIVED_AT_STATION', 'CNERC', -2)), 422)).errors?.[0]?.message,
    ).toMatch(/before the train's departure/);
    expect(
      (await problem(await send(t.id, c.id, train('ARRIVED_AT_STATION', 'CNERC', 60)), 422)).errors?.[0]?.message,
    ).toMatch(/after ARRIVED_AT_STATION at MNZUU/);
    expect((await problem(await send(t.id, c.id, train('ARRIVED', 'RUMOW', 50)), 422)).errors?.[0]?.message).toMatch(
      /before ARRIVED_AT_STATION at MNZUU/,
    );
    expect((await problem(await send(t.id, c.id, train('DEPARTED', 'CNZGZ', 1)), 409)).detail).toMatch(
      /already departed/,
    );
    expect((await problem(await send(t.id, c.id, consignment('DELIVERED', 'RUMOW', 60)), 409)).detail).toMatch(
      /the train has not arrived at that time/,
    );
    // A vehicle that is not the consignment's.
    const other = (await loadedTrain(exporterA, 1)).consignments[0]!;
    const wrongVin = await problem(
      await send(t.id, c.id, consignment('DAMAGE_REPORTED', 'MNZUU', 54, { vin: other.vehicles[0]!.vin })),
      422,
    );
    expect(wrongVin.errors?.[0]?.field).toBe('vin');
    // Nothing of the refused events was recorded.
    expect((await get<Timeline>(`/api/v1/consignments/${c.id}/timeline`)).items.map((i) => i.type)).toEqual([
      'CUSTOMS_HOLD',
      'CUSTOMS_CLEARED',
      'DEPARTED',
      'ARRIVED_AT_STATION',
    ]);
  });

  it('still delivers a consignment after its train has been closed, and the train stays closed', async () => {
    const { train: t, consignments } = await loadedTrain(exporterA, 1);
    const c = consignments[0]!;
    await json(await send(t.id, c.id, train('DEPARTED', 'CNZGZ', 0)), 201);
    await json(await send(t.id, c.id, train('ARRIVED', 'RUMOW', 310)), 201);
    await json(
      await api.request(`/api/v1/trains/${t.id}`, {
        method: 'PATCH',
        token: operator.token,
        json: { status: 'closed' },
      }),
      200,
    );
    await json(await send(t.id, c.id, consignment('DELIVERED', 'RUMOW', 320)), 201);
    expect((await get<Consignment>(`/api/v1/consignments/${c.id}`)).status).toBe('delivered');
    expect((await get<Train>(`/api/v1/trains/${t.id}`)).status).toBe('closed');
    expect((await send(t.id, c.id, train('DELAYED', 'RUMOW', 311, { delayHours: 1 }))).status).toBe(409);
  });

  it('lets only staff record events, and hides another exporter’s timeline (404)', async () => {
    const { train: t, consignments } = await loadedTrain(exporterA, 1);
    const c = consignments[0]!;
    expect(
      (await post(`/api/v1/trains/${t.id}/events`, train('DEPARTED', 'CNZGZ', 0).body, exporterA.token)).status,
    ).toBe(403);
    expect(
      (
        await post(
          `/api/v1/consignments/${c.id}/events`,
          consignment('CUSTOMS_HOLD', 'CNZGZ', -1).body,
          exporterA.token,
        )
      ).status,
    ).toBe(403);
    expect((await api.request(`/api/v1/consignments/${c.id}/timeline`, { token: exporterB.token })).status).toBe(404);
    expect((await api.request(`/api/v1/consignments/${c.id}/timeline`, { token: exporterA.token })).status).toBe(200);
    expect(
      (await post(`/api/v1/trains/00000000-0000-0000-0000-000000000000/events`, train('DEPARTED', 'CNZGZ', 0).body))
        .status,
    ).toBe(404);
  });

  it('gives the same status and timeline whatever order the events arrive in (handhelds syncing late)', async () => {
    const reference = await loadedTrain(exporterA, 2);
    for (const event of FULL_TRIP)
      await json(await send(reference.train.id, reference.consignments[0]!.id, event), 201);
    const outcome = async (trainId: string, consignmentId: string) => {
      const c = await get<Consignment>(`/api/v1/consignments/${consignmentId}`);
      const t = await get<Train>(`/api/v1/trains/${trainId}`);
      const timeline = await get<Timeline>(`/api/v1/consignments/${consignmentId}/timeline`);
      return {
        consignment: [c.status, c.currentStationCode, c.eta, c.vehicles.map((v) => v.status)],
        train: [t.status, t.departedAt, t.arrivedAt, t.currentStationCode, t.eta],
        items: timeline.items.map((i) => [i.type, i.stationCode, i.occurredAt, i.source, i.note]),
        planned: timeline.planned,
      };
    };
    const expected = await outcome(reference.train.id, reference.consignments[0]!.id);

    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(FULL_TRIP, { minLength: FULL_TRIP.length }), async (order) => {
        const { train: t, consignments } = await loadedTrain(exporterA, 2);
        const c = consignments[0]!;
        // Like a handheld: send everything; what the state refuses for now (409) is sent again later.
        let pending = order;
        while (pending.length) {
          const refused: TripEvent[] = [];
          for (const event of pending) {
            const response = await send(t.id, c.id, event);
            if (response.status === 409) refused.push(event);
            else await json(response, 201);
          }
          expect(refused.length).toBeLessThan(pending.length);
          pending = refused;
        }
        expect(await outcome(t.id, c.id)).toEqual(expected);
      }),
      { numRuns: 12 },
    );
  });

  it('never lets a feed reader skip an event that commits after a later-numbered one', async () => {
    const { train: t, consignments } = await loadedTrain(exporterA, 1);
    const before = (await feed(operator.token)).at(-1)!.id;
    // A transaction that takes its event number first and commits last.
    const slow = new pg.Client({ connectionString: api.database.url });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(
        `INSERT INTO status_events (occurred_at, consignment_id, exporter_id, data)
         VALUES (now(), $1, $2, '{"status":"slow"}')`,
        [consignments[0]!.id, exporterA.organizationId],
      );
      await json(await send(t.id, consignments[0]!.id, train('DEPARTED', 'CNZGZ', 0)), 201);
      // The later event has committed, but it stays behind the open transaction's.
      expect(await feed(operator.token, before, false)).toEqual([]);
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    const seen = await feed(operator.token, before);
    expect(seen.map((e) => e.data.status)).toEqual(['slow', 'in_transit']);
  });
});
