import type { EntityManager } from 'typeorm';
import type { MediumDatabase } from '../../support/medium.js';
import {
  aBookedConsignment,
  aContainer,
  aPlannedTrain,
  openOperations,
  type Operations,
} from './operations-fixtures.js';

interface StatusEventRow {
  consignment_id: string;
  previous: string;
  status: string;
}

/** ConsignmentStatusWriter and the statements of ConsignmentStatusRepository it runs. */
describe('consignment status changes on a real database: one status event per actual change', () => {
  let db: MediumDatabase;
  let ops: Operations;
  let exporterId: string;

  beforeAll(async () => ({ db, ops, exporterId } = await openOperations()));
  afterAll(() => db.close());

  const inTransaction = <T>(work: (em: EntityManager) => Promise<T>) => db.dataSource.transaction(work);
  const eventsOf = async (ids: readonly string[]) =>
    await db.dataSource.query<StatusEventRow[]>(
      `SELECT consignment_id, data->>'previousStatus' AS previous, data->>'status' AS status
       FROM status_events WHERE consignment_id = ANY($1) ORDER BY seq`,
      [ids],
    );
  const consignments = async (ids: readonly string[]) =>
    await db.dataSource.query<
      { id: string; status: string; trainId: string | null; eta: Date | null; version: number }[]
    >(
      'SELECT id, status, train_id AS "trainId", eta, current_station_code AS "currentStationCode", version FROM consignments WHERE id = ANY($1) ORDER BY id',
      [ids],
    );

  it('puts consignments on a train: booked ones loaded with its ETA, one event each; again, nothing', async () => {
    const train = await aPlannedTrain(ops.trainRows);
    const [a, b] = [
      await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId),
      await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId),
    ];
    const ids = [a.id, b.id];

    await inTransaction((em) => ops.writer.putOnTrain(em, ids, train.id));
    await inTransaction((em) => ops.writer.putOnTrain(em, ids, train.id));

    expect((await consignments(ids)).map((c) => [c.status, c.trainId, c.eta, c.version])).toEqual([
      ['loaded', train.id, train.eta, 2],
      ['loaded', train.id, train.eta, 2],
    ]);
    expect((await eventsOf(ids)).map((e) => [e.previous, e.status])).toEqual([
      ['booked', 'loaded'],
      ['booked', 'loaded'],
    ]);
  });

  it('releases the consignments of a train: loaded ones booked again, on no train, no ETA, one event each', async () => {
    const train = await aPlannedTrain(ops.trainRows);
    const a = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId);
    const b = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: [...a.vins, ...b.vins] });

    await inTransaction((em) => ops.writer.releaseConsignmentsOfTrain(em, train.id));

    expect((await consignments([a.id, b.id])).map((c) => [c.status, c.trainId, c.eta])).toEqual([
      ['booked', null, null],
      ['booked', null, null],
    ]);
    expect((await eventsOf([a.id, b.id])).map((e) => [e.consignment_id, e.previous, e.status])).toEqual(
      expect.arrayContaining([
        [a.id, 'loaded', 'booked'],
        [b.id, 'loaded', 'booked'],
      ]),
    );
    expect(await eventsOf([a.id, b.id])).toHaveLength(4);
  });

  it('takes a consignment off the train only with its last vehicle', async () => {
    const train = await aPlannedTrain(ops.trainRows);
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 2);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: consignment.vins });

    await inTransaction(async (em) => {
      await ops.loadingRows.unload(em, train.id, consignment.vins[0]!);
      await ops.writer.takeOffTrainIfEmpty(em, consignment.id, train.id);
    });
    const withOneLeft = (await consignments([consignment.id]))[0];
    await inTransaction(async (em) => {
      await ops.loadingRows.unload(em, train.id, consignment.vins[1]!);
      await ops.writer.takeOffTrainIfEmpty(em, consignment.id, train.id);
    });

    expect(withOneLeft).toMatchObject({ status: 'loaded', trainId: train.id });
    expect((await consignments([consignment.id]))[0]).toMatchObject({ status: 'booked', trainId: null, eta: null });
    expect((await eventsOf([consignment.id])).map((e) => e.status)).toEqual(['loaded', 'booked']);
  });

  it('tracks status, station and ETA with the vehicles following; an event per status change, none for an ETA', async () => {
    const train = await aPlannedTrain(ops.trainRows);
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 3);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: consignment.vins });
    const tracking = (status: 'in_transit' | 'customs_hold', eta: string) => ({
      id: consignment.id,
      status,
      currentStationCode: 'MNZUU',
      eta: new Date(eta),
      occurredAt: new Date('2024-03-22T06:00:00Z'),
    });

    await inTransaction((em) => ops.writer.track(em, [tracking('in_transit', '2024-04-01T13:30:00Z')]));
    await inTransaction((em) => ops.writer.track(em, [tracking('in_transit', '2024-04-02T13:30:00Z')]));
    await inTransaction((em) => ops.writer.track(em, [tracking('in_transit', '2024-04-02T13:30:00Z')]));
    await inTransaction((em) => ops.writer.track(em, [tracking('customs_hold', '2024-04-02T13:30:00Z')]));

    expect((await consignments([consignment.id]))[0]).toMatchObject({
      status: 'customs_hold',
      currentStationCode: 'MNZUU',
      eta: new Date('2024-04-02T13:30:00Z'),
    });
    expect(
      await db.dataSource.query('SELECT DISTINCT status FROM vehicles WHERE consignment_id = $1', [consignment.id]),
    ).toEqual([{ status: 'customs_hold' }]);
    expect((await eventsOf([consignment.id])).map((e) => [e.previous, e.status])).toEqual([
      ['booked', 'loaded'],
      ['loaded', 'in_transit'],
      ['in_transit', 'customs_hold'],
    ]);
  });

  it('leaves booked vehicles of a tracked consignment booked (those left behind)', async () => {
    const train = await aPlannedTrain(ops.trainRows);
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 2);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: [consignment.vins[0]!] });

    await inTransaction((em) =>
      ops.writer.track(em, [
        { id: consignment.id, status: 'in_transit', currentStationCode: 'CNZGZ', eta: null, occurredAt: new Date() },
      ]),
    );

    expect(
      await db.dataSource.query('SELECT vin, status FROM vehicles WHERE consignment_id = $1 ORDER BY vin', [
        consignment.id,
      ]),
    ).toEqual(
      expect.arrayContaining([
        { vin: consignment.vins[0], status: 'in_transit' },
        { vin: consignment.vins[1], status: 'booked' },
      ]),
    );
  });
});
