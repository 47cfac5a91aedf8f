import { randomUUID } from 'node:crypto';
import { ALL_TENANTS, scopeOf } from '@landbridge/common';
import pg from 'pg';
import {
  ConflictingFeedPositionsError,
  UnknownEventError,
} from '../../../libs/notifications/src/notifications-errors.js';
import {
  type FeedPosition,
  type PositionedEvent,
  StatusEventsRepository,
} from '../../../libs/notifications/src/status-events/status-events.repository.js';
import { StatusEventsService } from '../../../libs/notifications/src/status-events/status-events.service.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { aCaller, aStatusChange, eventually } from './notifications-fixtures.js';

/** A learned ETA's range, as an ETA change carries it. */
const RANGE = { low: '2024-04-01T20:00:00.000Z', high: '2024-04-02T08:00:00.000Z', confidence: 0.8 };

describe('status events: the outbox and the commit-safe feed', () => {
  let db: MediumDatabase;
  let events: StatusEventsRepository;
  let service: StatusEventsService;

  beforeAll(async () => {
    db = await openMediumDatabase();
    events = new StatusEventsRepository(db.dataSource);
    service = new StatusEventsService(events);
  });
  afterAll(() => db.close());

  const consignmentsAfter = async (from: FeedPosition, scope = ALL_TENANTS) =>
    (await events.readAfter(scope, from, 200)).map((item) => item.event.data.consignmentId);

  it('keeps the events of an open transaction, and of every later one, out of the feed until it commits', async () => {
    const start = await events.currentPosition();
    const exporter = randomUUID();
    const [early, late] = [aStatusChange(exporter), aStatusChange(exporter)];

    const open = db.dataSource.createQueryRunner();
    await open.connect();
    await open.startTransaction();
    try {
      await events.append(open.manager, [early]);
      // A later transaction commits first: its event must not pass the one still open.
      await db.dataSource.transaction((em) => events.append(em, [late]));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await consignmentsAfter(start)).toEqual([]);
      await open.commitTransaction();
    } finally {
      await open.release();
    }

    const seen = await eventually(
      () => consignmentsAfter(start),
      (ids) => ids.length === 2,
    );
    expect(seen).toEqual([early.consignmentId, late.consignmentId]);
  });

  it('reads in the order of the changes, each with the position to continue from, in the scope given', async () => {
    const start = await events.currentPosition();
    const [mine, theirs] = [aCaller('exporter'), aCaller('exporter')];
    const changes = [
      aStatusChange(mine.organizationId, { eta: new Date('2025-04-01T10:00:00.000Z') }),
      aStatusChange(theirs.organizationId),
      aStatusChange(mine.organizationId),
    ];
    await db.dataSource.transaction((em) => events.append(em, changes));

    const all = await eventually(
      () => events.readAfter(ALL_TENANTS, start, 200),
      (items) => items.length === 3,
    );
    expect(all.map((item) => item.event.data.consignmentId)).toEqual(changes.map((c) => c.consignmentId));
    expect(all[0]!.event).toEqual({
      id: expect.any(String) as unknown,
      type: 'consignment.status_changed',
      occurredAt: changes[0]!.occurredAt.toISOString(),
      data: {
        consignmentId: changes[0]!.consignmentId,
        waybillNumber: changes[0]!.waybillNumber,
        exporterId: mine.organizationId,
        previousStatus: 'loaded',
        status: 'in_transit',
        stationCode: 'CNZZH',
        eta: '2025-04-01T10:00:00.000Z',
        note: null,
      },
    });
    expect(await consignmentsAfter(start, scopeOf(mine))).toEqual([
      changes[0]!.consignmentId,
      changes[2]!.consignmentId,
    ]);
    expect(await consignmentsAfter(start, scopeOf(aCaller('operator')))).toHaveLength(3);

    // Continuing from a read's last position gives what follows, with a limit.
    const [first] = await events.readAfter(ALL_TENANTS, start, 1);
    expect(await consignmentsAfter(first!.position)).toEqual([changes[1]!.consignmentId, changes[2]!.consignmentId]);

    // An event's position, only for a reader who may see it.
    const theirsEvent = all[1]!;
    expect(await events.positionOf(scopeOf(theirs), theirsEvent.event.id)).toEqual(theirsEvent.position);
    expect(await events.positionOf(ALL_TENANTS, theirsEvent.event.id)).toEqual(theirsEvent.position);
    expect(await events.positionOf(scopeOf(mine), theirsEvent.event.id)).toBeUndefined();
  });

  const lastEvent = async (): Promise<PositionedEvent | undefined> =>
    (await events.readAfter(ALL_TENANTS, null, 10_000)).at(-1);

  it('puts the current position after every committed event', async () => {
    await db.dataSource.transaction((em) => events.append(em, [aStatusChange(randomUUID())]));
    const end = await eventually(
      async () => ({ end: await events.currentPosition(), last: await lastEvent() }),
      ({ end, last }) => last !== undefined && BigInt(end.tx) > BigInt(last.position.tx),
    );
    expect(await events.readAfter(ALL_TENANTS, end.end, 10)).toEqual([]);
  });

  it('notifies listeners when the transaction commits, and not when it rolls back', async () => {
    const client = new pg.Client({ connectionString: db.database.url });
    await client.connect();
    let notifications = 0;
    client.on('notification', () => notifications++);
    try {
      await events.listen(client);
      const open = db.dataSource.createQueryRunner();
      await open.connect();
      await open.startTransaction();
      await events.append(open.manager, [aStatusChange(randomUUID())]);
      await events.notifyOnCommit(open.manager);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(notifications).toBe(0);
      await open.commitTransaction();
      expect(
        await eventually(
          () => Promise.resolve(notifications),
          (n) => n > 0,
        ),
      ).toBe(1);

      await open.startTransaction();
      await events.notifyOnCommit(open.manager);
      await open.rollbackTransaction();
      await open.release();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(notifications).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('records only real changes, and refuses a feed position that is not the reader’s', async () => {
    const [mine, theirs] = [aCaller('exporter'), aCaller('exporter')];
    const start = await events.currentPosition();
    const unchanged = aStatusChange(mine.organizationId, { previousStatus: 'loaded', status: 'loaded' });
    const changed = aStatusChange(theirs.organizationId);
    await db.dataSource.transaction((em) => service.record(em, [unchanged, changed]));
    // Only this test's two consignments count: on a shared server the commit-safe horizon can lag behind
    // transactions of other databases, so an earlier test's event may become visible after `start` too.
    const ours = (items: Awaited<ReturnType<typeof events.readAfter>>) =>
      items.filter((item) => [unchanged.consignmentId, changed.consignmentId].includes(item.event.data.consignmentId));
    const [theirEvent, ...more] = ours(
      await eventually(
        () => events.readAfter(ALL_TENANTS, start, 100),
        (items) => ours(items).length > 0,
      ),
    );
    expect(theirEvent!.event.data.consignmentId).toBe(changed.consignmentId);
    expect(more).toEqual([]);
    expect(ours(await events.readAfter(ALL_TENANTS, theirEvent!.position, 100))).toEqual([]);

    const id = theirEvent!.event.id;
    const refusal = await service.feed(mine, { after: id, limit: 10 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UnknownEventError);
    expect(refusal).toMatchObject({
      status: 422,
      message: 'Unknown event',
      errors: [{ field: 'after', message: `no event ${id} in your feed` }],
    });
    await expect(service.feed(mine, { cursor: id, limit: 10 })).rejects.toMatchObject({
      errors: [{ field: 'cursor', message: `no event ${id} in your feed` }],
    });
    await expect(service.feed(theirs, { after: id, cursor: randomUUID(), limit: 10 })).rejects.toBeInstanceOf(
      ConflictingFeedPositionsError,
    );
    expect(await service.feed(theirs, { after: id, cursor: id, limit: 10 })).toEqual({ items: [], nextCursor: null });
  });

  it('carries ETA moves and damage reports beside status changes, each with its type and the data of its type', async () => {
    const start = await events.currentPosition();
    const exporter = randomUUID();
    const status = aStatusChange(exporter, { previousStatus: 'in_transit', status: 'customs_hold', note: 'no EPTS' });
    const about = { consignmentId: status.consignmentId, waybillNumber: status.waybillNumber, exporterId: exporter };
    const occurredAt = new Date('2024-03-22T03:00:00.000Z');
    await db.dataSource.transaction((em) =>
      service.record(em, [
        {
          type: 'consignment.damage_reported',
          ...about,
          vin: 'LGXCE4CB0R0012345',
          stationCode: 'MNZUU',
          note: 'scratched rear bumper',
          occurredAt,
        },
        status,
        {
          type: 'consignment.eta_changed',
          ...about,
          previousEta: new Date('2024-04-01T13:30:00.000Z'),
          eta: new Date('2024-04-02T01:30:00.000Z'),
          etaRange: RANGE,
          occurredAt,
        },
        // Under an hour: not an event.
        {
          type: 'consignment.eta_changed',
          ...about,
          previousEta: new Date('2024-04-01T13:30:00.000Z'),
          eta: new Date('2024-04-01T14:29:00.000Z'),
          etaRange: null,
          occurredAt,
        },
      ]),
    );

    const read = await eventually(
      () => events.readAfter(ALL_TENANTS, start, 10),
      (items) => items.length >= 3,
    );
    expect(read.map(({ event }) => ({ type: event.type, occurredAt: event.occurredAt, data: event.data }))).toEqual([
      {
        type: 'consignment.damage_reported',
        occurredAt: occurredAt.toISOString(),
        data: { ...about, vin: 'LGXCE4CB0R0012345', stationCode: 'MNZUU', note: 'scratched rear bumper' },
      },
      {
        type: 'consignment.status_changed',
        occurredAt: status.occurredAt.toISOString(),
        data: {
          ...about,
          previousStatus: 'in_transit',
          status: 'customs_hold',
          stationCode: 'CNZZH',
          eta: null,
          note: 'no EPTS',
        },
      },
      {
        type: 'consignment.eta_changed',
        occurredAt: occurredAt.toISOString(),
        data: { ...about, previousEta: '2024-04-01T13:30:00.000Z', eta: '2024-04-02T01:30:00.000Z', etaRange: RANGE },
      },
    ]);
  });

  it('refuses, in the table itself, a type it does not know and an event without the data of its type', async () => {
    const insert = (type: string, data: object) =>
      db.dataSource.query(
        'INSERT INTO status_events (type, occurred_at, consignment_id, exporter_id, data) VALUES ($1, now(), $2, $3, $4)',
        [type, randomUUID(), randomUUID(), JSON.stringify(data)],
      );
    await expect(insert('consignment.teleported', {})).rejects.toThrow(/status_events_type/);
    await expect(insert('consignment.eta_changed', { eta: '2024-04-02T01:30:00.000Z' })).rejects.toThrow(
      /status_events_data/,
    );
    await expect(insert('consignment.damage_reported', { note: 'dent' })).rejects.toThrow(/status_events_data/);
    await expect(insert('consignment.transshipped', { stationCode: 'MNZUU' })).rejects.toThrow(/status_events_data/);
  });

  it('carries a transshipment with the train, its new number, the stop and the vehicles that changed wagon', async () => {
    const start = await events.currentPosition();
    const exporter = randomUUID();
    const about = { consignmentId: randomUUID(), waybillNumber: 'SMGS24030077', exporterId: exporter };
    const transshipment = { trainId: randomUUID(), trainNumber: '8702', stationCode: 'MNZUU' };
    const occurredAt = new Date('2024-03-22T10:00:00.000Z');
    await db.dataSource.transaction((em) =>
      service.record(em, [
        {
          type: 'consignment.transshipped',
          ...about,
          ...transshipment,
          vins: ['LGXCE4CB0R0012345'],
          occurredAt,
        },
      ]),
    );
    const read = await eventually(
      () => events.readAfter(ALL_TENANTS, start, 10),
      (items) => items.length >= 1,
    );
    expect(read.map(({ event }) => ({ type: event.type, occurredAt: event.occurredAt, data: event.data }))).toEqual([
      {
        type: 'consignment.transshipped',
        occurredAt: occurredAt.toISOString(),
        data: { ...about, ...transshipment, vehiclesMoved: 1, vins: ['LGXCE4CB0R0012345'] },
      },
    ]);
  });
});
