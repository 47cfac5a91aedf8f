import { InvalidInputError } from '@landbridge/common';
import { TrainNumberTakenError } from '../../../libs/operations/src/trains/train-errors.js';
import type { TrainState } from '../../../libs/operations/src/trains/train-state.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { aPlannedTrain, operationsOn } from './operations-fixtures.js';

describe('TrainsRepository on a real database', () => {
  let db: MediumDatabase;
  let ops: ReturnType<typeof operationsOn>;

  beforeAll(async () => {
    db = await openMediumDatabase();
    ops = operationsOn(db.dataSource);
  });
  afterAll(() => db.close());

  it('inserts a planned train whose ETA is its departure plus the journey, and reads it back', async () => {
    const train = await aPlannedTrain(ops.trainRows, { plannedDepartureAt: '2024-03-20T09:30:00+08:00' });

    expect(train).toMatchObject({
      status: 'planned',
      plannedDepartureAt: new Date('2024-03-20T01:30:00Z'),
      eta: new Date('2024-04-01T13:30:00Z'),
      departedAt: null,
      vehicleCount: 0,
      version: 1,
    });
    expect(await ops.trainRows.findById(train.id)).toEqual(train);
    expect(await ops.trainRows.findById('00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });

  it('refuses a train number already running that day (China time) with TrainNumberTakenError, not another day', async () => {
    const first = await aPlannedTrain(ops.trainRows, { plannedDepartureAt: '2024-05-01T23:00:00+08:00' });
    const sameDay = aPlannedTrain(ops.trainRows, {
      trainNumber: first.trainNumber,
      plannedDepartureAt: '2024-05-01T00:30:00+08:00',
    });

    await expect(sameDay).rejects.toBeInstanceOf(TrainNumberTakenError);
    await expect(sameDay).rejects.toMatchObject({ trainNumber: first.trainNumber, status: 409 });
    const nextDay = await aPlannedTrain(ops.trainRows, {
      trainNumber: first.trainNumber,
      plannedDepartureAt: '2024-05-02T00:30:00+08:00',
    });
    expect(nextDay.id).not.toBe(first.id);
  });

  it('pages trains by planned departure, newest first, by keyset, with no train lost or repeated', async () => {
    // Departures a microsecond apart, and two at the same instant (the id breaks the tie).
    for (const at of ['2030-01-01T00:00:00.000001Z', '2030-01-01T00:00:00.000002Z', '2030-01-01T00:00:00.000002Z']) {
      await aPlannedTrain(ops.trainRows, { plannedDepartureAt: at });
    }
    const all = await db.dataSource.query<
      {
        id: string;
      }[]
    >('SELECT id FROM trains ORDER BY planned_departure_at DESC, id DESC');

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await ops.trainRows.page({}, 2, cursor);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((train) => train.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    expect(seen).toEqual(all.map((row) => row.id));
  });

  it('pages one status only, and refuses a crafted cursor with InvalidInputError', async () => {
    const train = await aPlannedTrain(ops.trainRows);
    await db.dataSource.transaction((em) => ops.trainRows.update(em, train, { status: 'cancelled' }));

    const page = await ops.trainRows.page({ status: 'cancelled' }, 10, undefined);

    expect(page.items.map((t) => [t.id, t.status])).toEqual([[train.id, 'cancelled']]);
    expect(page.nextCursor).toBeNull();
    await expect(ops.trainRows.page({}, 10, 'bm90IGEgY3Vyc29y')).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('finds a train by its number now, or by the number it ran under before a transshipment, within a status', async () => {
    const train = await aPlannedTrain(ops.trainRows, { plannedDepartureAt: '2031-02-01T09:30:00+08:00' });
    const before = `B${train.trainNumber}`.slice(0, 16);
    // The gauge change as the transshipment writes it: the train ran as `before` up to it.
    const [consist] = await db.dataSource.query<{ id: string }[]>(
      `INSERT INTO consists (train_id, station_code, gauge, train_number, valid_from)
       VALUES ($1, 'CNZGZ', 1435, $2, '-infinity') RETURNING id`,
      [train.id, before],
    );
    await db.dataSource.query(
      `INSERT INTO transshipments (train_id, station_code, occurred_at, from_consist_id, consist_id,
         from_train_number, train_number, containers_moved, vehicles_moved)
       VALUES ($1, 'MNZUU', now(), $2, $2, $3, $4, 0, 0)`,
      [train.id, consist!.id, before, train.trainNumber],
    );
    const ids = async (filter: Parameters<typeof ops.trainRows.page>[0]) =>
      (await ops.trainRows.page(filter, 10, undefined)).items.map((t) => t.id);

    expect(await ids({ trainNumber: before })).toEqual([train.id]);
    expect(await ids({ trainNumber: train.trainNumber })).toEqual([train.id]);
    expect(await ids({ trainNumber: before, status: 'planned' })).toEqual([train.id]);
    expect(await ids({ trainNumber: before, status: 'departed' })).toEqual([]);
  });

  it('updates only what it is given, and bumps the version', async () => {
    const train = await aPlannedTrain(ops.trainRows, { plannedDepartureAt: '2024-06-01T09:30:00+08:00' });

    const moved = await db.dataSource.transaction((em) =>
      ops.trainRows.update(em, train, {
        plannedDepartureAt: '2024-06-02T09:30:00+08:00',
        eta: new Date('2024-06-14T21:30:00Z'),
      }),
    );

    expect(moved).toMatchObject({
      status: 'planned',
      plannedDepartureAt: new Date('2024-06-02T01:30:00Z'),
      eta: new Date('2024-06-14T21:30:00Z'),
      version: 2,
    });
  });

  it('applies a journey only when it changes something', async () => {
    const train = await aPlannedTrain(ops.trainRows);
    const journey = {
      status: 'departed' as const,
      departedAt: new Date('2024-03-20T01:30:00Z'),
      arrivedAt: null,
      currentStationCode: 'CNZGZ',
      eta: new Date('2024-04-01T13:30:00Z'),
      borderDwell: [],
    };

    await db.dataSource.transaction((em) => ops.trainRows.applyJourney(em, train.id, journey));
    await db.dataSource.transaction((em) => ops.trainRows.applyJourney(em, train.id, journey));

    expect(await ops.trainRows.findById(train.id)).toMatchObject<Partial<TrainState>>({ ...journey, version: 2 });
  });

  it('stores the border dwell with the journey, its times in UTC, and applies a change of it alone', async () => {
    const train = await aPlannedTrain(ops.trainRows);
    const atBorder = {
      status: 'departed' as const,
      departedAt: new Date('2024-03-20T01:30:00Z'),
      arrivedAt: null,
      currentStationCode: 'MNZUU',
      eta: new Date('2024-04-01T13:30:00Z'),
      borderDwell: [
        { stationCode: 'MNZUU', arrivedAt: new Date('2024-03-21T18:05:00+08:00'), departedAt: null, hours: null },
      ],
    };
    const left = {
      ...atBorder,
      borderDwell: [{ ...atBorder.borderDwell[0]!, departedAt: new Date('2024-03-22T08:35:00Z'), hours: 24.5 }],
    };

    await db.dataSource.transaction((em) => ops.trainRows.applyJourney(em, train.id, atBorder));
    await db.dataSource.transaction((em) => ops.trainRows.applyJourney(em, train.id, left));

    expect(await ops.trainRows.findById(train.id)).toMatchObject<Partial<TrainState>>({
      borderDwell: [
        {
          stationCode: 'MNZUU',
          arrivedAt: '2024-03-21T10:05:00.000Z',
          departedAt: '2024-03-22T08:35:00.000Z',
          hours: 24.5,
        },
      ],
      version: 3,
    });
  });

  it('locks a train for the rest of the transaction: a second locker waits for the commit', async () => {
    const train = await aPlannedTrain(ops.trainRows);
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));

    const first = db.dataSource.transaction(async (em) => {
      await ops.trainRows.lockForUpdate(em, train.id);
      order.push('first locked');
      await held;
      order.push('first commits');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = db.dataSource.transaction(async (em) => {
      const locked = await ops.trainRows.lockForUpdate(em, train.id);
      order.push('second locked');
      return locked;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await first;

    expect((await second)?.id).toBe(train.id);
    expect(order).toEqual(['first locked', 'first commits', 'second locked']);
  });
});
