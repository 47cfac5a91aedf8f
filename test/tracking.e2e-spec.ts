import fc from 'fast-check';
import pg from 'pg';
import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { ConsignmentEventInput, TrainEventInput } from './support/api-types.js';
import { loadedTrain } from './support/scenarios.js';
import { statusFeed } from './support/status-feed.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Departure of the test trains (planned 2024-03-20 09:30 in Zhengzhou). */
const DEPARTURE = Date.parse('2024-03-20T01:30:00Z');
const at = (hours: number) => new Date(DEPARTURE + hours * 3_600_000).toISOString();

type TripEvent = { on: 'train'; body: TrainEventInput } | { on: 'consignment'; body: ConsignmentEventInput };
const train = (
  type: TrainEventInput['type'],
  stationCode: string,
  hours: number,
  extra: Partial<TrainEventInput> = {},
): TripEvent => ({
  on: 'train',
  body: { type, stationCode, occurredAt: at(hours), ...extra },
});
const consignment = (
  type: ConsignmentEventInput['type'],
  stationCode: string,
  hours: number,
  extra: Partial<ConsignmentEventInput> = {},
): TripEvent => ({
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
  let staff: ApiClient;

  /** A trip event, recorded on its train or consignment (by staff unless `by` says otherwise). */
  const send = (trainId: string, consignmentId: string, event: TripEvent, by = staff) =>
    event.on === 'train'
      ? by.recordTrainEvent(trainId, event.body)
      : by.recordConsignmentEvent(consignmentId, event.body);
  const feed = (who: Actor, after?: string, settle = true) => statusFeed(api, who, { after, settle });

  beforeAll(async () => {
    api = await startTestApp();
    operator = await createActor(api, 'operator');
    staff = api.as(operator);
    exporterA = await createActor(api, 'exporter');
    exporterB = await createActor(api, 'exporter');
  });
  afterAll(() => api.close());

  it('follows a full trip through a customs hold to delivery, with a timeline in time order and an ETA that moves', async () => {
    const { train: t, consignment: c } = await loadedTrain(api, operator, exporterA, { vehiclesEach: 3 });
    const etas: Record<string, string | null> = {};
    for (const event of FULL_TRIP) {
      await send(t.id, c.id, event);
      etas[`${event.body.type}@${event.body.stationCode}`] = (await staff.getConsignment(c.id)).eta;
    }

    // Before the delay: 1 h late at Zamyn-Uud (planned at 52 h), so Moscow at 300 + 1 h.
    expect(etas['ARRIVED_AT_STATION@MNZUU']).toBe(at(301));
    // DELAYED at 60 h, 8 h behind plan at Zamyn-Uud, plus 12 h declared: Moscow at 300 + 20 h.
    expect(etas['DELAYED@MNZUU']).toBe(at(320));
    // Seen at Ulaanbaatar at 92 h (planned 70): 22 h late.
    expect(etas['ARRIVED_AT_STATION@MNULN']).toBe(at(322));
    expect(etas['ARRIVED@RUMOW']).toBe(at(330));

    const statuses = (await feed(exporterA))
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

    const after = await staff.getConsignment(c.id);
    expect(after).toEqual(expect.objectContaining({ status: 'delivered', currentStationCode: 'RUMOW', eta: at(330) }));
    expect(after.vehicles.every((v) => v.status === 'delivered')).toBe(true);
    expect(await staff.getTrain(t.id)).toEqual(
      expect.objectContaining({
        status: 'arrived',
        departedAt: at(0),
        arrivedAt: at(330),
        currentStationCode: 'RUMOW',
      }),
    );

    const timeline = await api.as(exporterA).timeline(c.id);
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
    expect(timeline.planned[2]).toEqual({ stationCode: 'MNZUU', plannedAt: at(52), eta: at(53), gaugeChange: true });
    expect(timeline.planned[7]).toEqual({ stationCode: 'RUMOW', plannedAt: at(300), eta: at(330), gaugeChange: false });
  });

  it('applies a train event to every consignment and vehicle on the train, and lookups show it', async () => {
    const { train: t, consignments } = await loadedTrain(api, operator, exporterA, {
      consignments: 3,
      vehiclesEach: 4,
    });
    await send(t.id, '', train('DEPARTED', 'CNZGZ', 0));
    await send(t.id, '', train('ARRIVED_AT_STATION', 'CNERC', 43));
    for (const c of consignments) {
      const now = await staff.getConsignment(c.id);
      expect(now).toEqual(expect.objectContaining({ status: 'in_transit', currentStationCode: 'CNERC', eta: at(303) }));
      expect(now.vehicles.every((v) => v.status === 'in_transit')).toBe(true);
      const vehicle = await api.as(exporterA).getVehicle(c.vehicles[0]!.vin);
      expect(vehicle).toEqual(
        expect.objectContaining({ status: 'in_transit', currentStationCode: 'CNERC', eta: at(303), trainId: t.id }),
      );
      const byWaybill = await api.as(exporterA).listConsignments({ waybillNumber: c.waybillNumber });
      expect(byWaybill.items).toEqual([
        expect.objectContaining({ id: c.id, status: 'in_transit', currentStationCode: 'CNERC', eta: at(303) }),
      ]);
    }
    expect(await staff.getTrain(t.id)).toEqual(
      expect.objectContaining({ status: 'departed', currentStationCode: 'CNERC', eta: at(303) }),
    );
  });

  it('writes exactly one status event per actual change, none for events that change nothing, to the exporter and staff only', async () => {
    const { train: t, consignment: c } = await loadedTrain(api, operator, exporterA, { vehiclesEach: 2 });
    const mark = (await feed(operator)).at(-1)!.id;

    await send(t.id, c.id, train('DEPARTED', 'CNZGZ', 0));
    await send(t.id, c.id, train('ARRIVED_AT_STATION', 'CNERC', 41));
    await send(t.id, c.id, train('BORDER_CROSSED', 'CNERC', 44));
    await send(t.id, c.id, train('DELAYED', 'CNERC', 45, { delayHours: 3 }));
    // The same event again (a handheld retrying without an Idempotency-Key): returned, nothing recorded.
    await send(t.id, c.id, train('BORDER_CROSSED', 'CNERC', 44)).expectStatus(200);

    const staffView = (await feed(operator, mark)).filter((e) => e.data.consignmentId === c.id);
    expect(staffView.map((e) => e.data.status)).toEqual(['in_transit']);
    expect(staffView[0]!.data).toEqual(
      expect.objectContaining({
        previousStatus: 'loaded',
        exporterId: exporterA.organizationId,
        waybillNumber: c.waybillNumber,
      }),
    );
    const exporterView = await feed(exporterA);
    expect(exporterView.filter((e) => e.data.consignmentId === c.id).map((e) => e.data.status)).toEqual([
      'loaded',
      'in_transit',
    ]);
    expect(exporterView.every((e) => e.data.exporterId === exporterA.organizationId)).toBe(true);
    expect((await feed(exporterB)).filter((e) => e.data.consignmentId === c.id)).toEqual([]);
    // B cannot even use A's event as a position.
    await api.as(exporterB).events({ after: staffView[0]!.id }).expectStatus(422);

    const timeline = await staff.timeline(c.id);
    expect(timeline.items.filter((i) => i.type === 'BORDER_CROSSED')).toHaveLength(1);
  });

  it('refuses events that the route, the clock or the current state forbid, with the reason', async () => {
    const { train: t, consignment: c } = await loadedTrain(api, operator, exporterA, { vehiclesEach: 1 });
    expect((await send(t.id, c.id, train('BORDER_CROSSED', 'CNERC', 44)).expectProblem(409)).detail).toMatch(
      /has not departed/,
    );
    expect((await send(t.id, c.id, consignment('DELIVERED', 'RUMOW', 10)).expectProblem(409)).detail).toMatch(
      /the train has not departed at that time/,
    );
    // A consignment event on the way needs the train to have left; at the origin it may come first.
    await send(t.id, c.id, consignment('CUSTOMS_HOLD', 'CNZGZ', -2));
    expect((await send(t.id, c.id, consignment('CUSTOMS_HOLD', 'CNZGZ', -1)).expectProblem(409)).detail).toMatch(
      /a customs hold is open since .*: record CUSTOMS_CLEARED between two holds/,
    );
    await send(t.id, c.id, consignment('CUSTOMS_CLEARED', 'CNZGZ', -1));
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const ahead = await staff
      .recordTrainEvent(t.id, { type: 'DEPARTED', stationCode: 'CNZGZ', occurredAt: future })
      .expectProblem(422);
    expect(ahead.errors).toEqual([expect.objectContaining({ field: 'occurredAt' })]);
    const offRoute = await send(t.id, c.id, train('DEPARTED', 'CNMLX', 0)).expectProblem(422);
    expect(offRoute.errors).toEqual([{ field: 'stationCode', message: 'CNMLX is not a stop of route ZGZ-MOW-ERC' }]);
    expect((await send(t.id, c.id, train('DEPARTED', 'CNERC', 0)).expectProblem(422)).errors?.[0]?.message).toMatch(
      /origin/,
    );
    const noDelay = await staff
      .recordTrainEvent(t.id, { type: 'DELAYED', stationCode: 'CNZGZ', occurredAt: at(1) })
      .expectProblem(422);
    expect(noDelay.errors?.[0]?.field).toBe('delayHours');
    const unknownProperty = await staff
      .request('POST', `/api/v1/trains/${t.id}/events`, {
        json: { ...{ type: 'DEPARTED', stationCode: 'CNZGZ', occurredAt: at(0) }, vin: 'X' },
      })
      .expectProblem(422);
    expect(unknownProperty.errors?.[0]?.field).toBe('vin');

    await send(t.id, c.id, train('DEPARTED', 'CNZGZ', 0));
    await send(t.id, c.id, train('ARRIVED_AT_STATION', 'MNZUU', 53));
    // Before the departure, or at an earlier stop after a later one: contradictions of the route.
    expect(
      (await send(t.id, c.id, train('ARRIVED_AT_STATION', 'CNERC', -2)).expectProblem(422)).errors?.[0]?.message,
    ).toMatch(/before the train's departure/);
    expect(
      (await send(t.id, c.id, train('ARRIVED_AT_STATION', 'CNERC', 60)).expectProblem(422)).errors?.[0]?.message,
    ).toMatch(/after ARRIVED_AT_STATION at MNZUU/);
    expect((await send(t.id, c.id, train('ARRIVED', 'RUMOW', 50)).expectProblem(422)).errors?.[0]?.message).toMatch(
      /before ARRIVED_AT_STATION at MNZUU/,
    );
    expect((await send(t.id, c.id, train('DEPARTED', 'CNZGZ', 1)).expectProblem(409)).detail).toMatch(
      /already departed/,
    );
    expect((await send(t.id, c.id, consignment('DELIVERED', 'RUMOW', 60)).expectProblem(409)).detail).toMatch(
      /the train has not arrived at that time/,
    );
    // A vehicle that is not the consignment's.
    const other = (await loadedTrain(api, operator, exporterA, { vehiclesEach: 1 })).consignment;
    const wrongVin = await send(
      t.id,
      c.id,
      consignment('DAMAGE_REPORTED', 'MNZUU', 54, { vin: other.vehicles[0]!.vin }),
    ).expectProblem(422);
    expect(wrongVin.errors?.[0]?.field).toBe('vin');
    // Nothing of the refused events was recorded.
    expect((await staff.timeline(c.id)).items.map((i) => i.type)).toEqual([
      'CUSTOMS_HOLD',
      'CUSTOMS_CLEARED',
      'DEPARTED',
      'ARRIVED_AT_STATION',
    ]);
  });

  it('still delivers a consignment after its train has been closed, and the train stays closed', async () => {
    const { train: t, consignment: c } = await loadedTrain(api, operator, exporterA, { vehiclesEach: 1 });
    await send(t.id, c.id, train('DEPARTED', 'CNZGZ', 0));
    await send(t.id, c.id, train('ARRIVED', 'RUMOW', 310));
    await staff.updateTrain(t.id, { status: 'closed' });
    await send(t.id, c.id, consignment('DELIVERED', 'RUMOW', 320));
    expect((await staff.getConsignment(c.id)).status).toBe('delivered');
    expect((await staff.getTrain(t.id)).status).toBe('closed');
    await send(t.id, c.id, train('DELAYED', 'RUMOW', 311, { delayHours: 1 })).expectStatus(409);
  });

  it('lets only staff record events, and hides another exporter’s timeline (404)', async () => {
    const { train: t, consignment: c } = await loadedTrain(api, operator, exporterA, { vehiclesEach: 1 });
    const a = api.as(exporterA);
    await send(t.id, c.id, train('DEPARTED', 'CNZGZ', 0), a).expectStatus(403);
    await send(t.id, c.id, consignment('CUSTOMS_HOLD', 'CNZGZ', -1), a).expectStatus(403);
    await api.as(exporterB).timeline(c.id).expectStatus(404);
    await a.timeline(c.id).expectStatus(200);
    await send('00000000-0000-0000-0000-000000000000', c.id, train('DEPARTED', 'CNZGZ', 0)).expectStatus(404);
  });

  it('gives the same status and timeline whatever order the events arrive in (handhelds syncing late)', async () => {
    const reference = await loadedTrain(api, operator, exporterA, { vehiclesEach: 2 });
    for (const event of FULL_TRIP) await send(reference.train.id, reference.consignment.id, event);
    const outcome = async (trainId: string, consignmentId: string) => {
      const c = await staff.getConsignment(consignmentId);
      const t = await staff.getTrain(trainId);
      const timeline = await staff.timeline(consignmentId);
      return {
        consignment: [c.status, c.currentStationCode, c.eta, c.vehicles.map((v) => v.status)],
        train: [t.status, t.departedAt, t.arrivedAt, t.currentStationCode, t.eta],
        items: timeline.items.map((i) => [i.type, i.stationCode, i.occurredAt, i.source, i.note]),
        planned: timeline.planned,
      };
    };
    const expected = await outcome(reference.train.id, reference.consignment.id);

    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(FULL_TRIP, { minLength: FULL_TRIP.length }), async (order) => {
        const { train: t, consignment: c } = await loadedTrain(api, operator, exporterA, { vehiclesEach: 2 });
        // Like a handheld: send everything; what the state refuses for now (409) is sent again later.
        let pending = order;
        while (pending.length) {
          const refused: TripEvent[] = [];
          for (const event of pending) {
            const sent = send(t.id, c.id, event);
            if ((await sent.response).status === 409) refused.push(event);
            else await sent;
          }
          expect(refused.length).toBeLessThan(pending.length);
          pending = refused;
        }
        expect(await outcome(t.id, c.id)).toEqual(expected);
      }),
      { numRuns: 12 },
    );
  });

  it('records more events at once than the database pool has connections (4 here), each in time', async () => {
    // An event's transaction holds one connection; a read through the pool inside it would wait for a
    // second one, and with every connection held by such a transaction none would ever come.
    const trains = await Promise.all(
      Array.from({ length: 12 }, () => loadedTrain(api, operator, exporterA, { vehiclesEach: 1 })),
    );
    const departures = await Promise.all(
      trains.map(
        ({ train: t }) =>
          staff.recordTrainEvent(t.id, { type: 'DEPARTED', stationCode: 'CNZGZ', occurredAt: at(0) }).response,
      ),
    );
    expect(departures.map((response) => response.status)).toEqual(trains.map(() => 201));
    const arrivals = await Promise.all(
      trains.map(
        ({ train: t }) =>
          staff.recordTrainEvent(t.id, { type: 'ARRIVED_AT_STATION', stationCode: 'CNERC', occurredAt: at(40) })
            .response,
      ),
    );
    expect(arrivals.map((response) => response.status)).toEqual(trains.map(() => 201));
  });

  it('never lets a feed reader skip an event that commits after a later-numbered one', async () => {
    const { train: t, consignment: c } = await loadedTrain(api, operator, exporterA, { vehiclesEach: 1 });
    const before = (await feed(operator)).at(-1)!.id;
    // A transaction that takes its event number first and commits last.
    const slow = new pg.Client({ connectionString: api.database.url });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      // A whole status change, as the feed's schema has it; its status marks it.
      await slow.query(
        `INSERT INTO status_events (occurred_at, consignment_id, exporter_id, data)
         VALUES (now(), $1, $2, json_build_object('consignmentId', $1::uuid, 'waybillNumber', $3::text,
           'exporterId', $2::uuid, 'previousStatus', 'loaded', 'status', 'slow', 'stationCode', 'CNZGZ', 'eta', null, 'note', null))`,
        [c.id, exporterA.organizationId, c.waybillNumber],
      );
      await send(t.id, c.id, train('DEPARTED', 'CNZGZ', 0));
      // The later event has committed, but it stays behind the open transaction's.
      expect(await feed(operator, before, false)).toEqual([]);
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    const seen = await feed(operator, before);
    expect(seen.map((e) => e.data.status)).toEqual(['slow', 'in_transit']);
  });
});
