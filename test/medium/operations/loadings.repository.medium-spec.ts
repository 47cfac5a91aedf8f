import { VinAlreadyLoadedError } from '../../../libs/operations/src/loadings/loading-errors.js';
import type { MediumDatabase } from '../../support/medium.js';
import {
  aBookedConsignment,
  aContainer,
  aPlannedTrain,
  openOperations,
  type Operations,
} from './operations-fixtures.js';

interface VehicleRow {
  vin: string;
  status: string;
  unit_kind: string | null;
  unit_number: string | null;
}

describe('LoadingsRepository (and the loading, unloading and cancelling that use it) on a real database', () => {
  let exporterId: string;
  let ops: Operations;
  let db: MediumDatabase;
  afterAll(() => db.close());
  beforeAll(async () => ({ db, ops, exporterId } = await openOperations()));

  const vehicles = async (vins: readonly string[]) =>
    await db.dataSource.query<VehicleRow[]>(
      'SELECT vin, status, unit_kind, unit_number FROM vehicles WHERE vin = ANY($1) ORDER BY vin',
      [vins],
    );
  const activeLoadings = async (trainId: string) =>
    (
      await db.dataSource.query<{ vin: string }[]>(
        'SELECT vin FROM loadings WHERE train_id = $1 AND released_at IS NULL ORDER BY vin',
        [trainId],
      )
    ).map((row) => row.vin);

  it('places VINs on a train, leaving out one active on another train, and names that train', async () => {
    const { vins } = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 3);
    const [a, b] = [await aPlannedTrain(ops.trainRows), await aPlannedTrain(ops.trainRows)];
    const unit = aContainer();

    const onA = await db.dataSource.transaction((em) => ops.loadingRows.place(em, a.id, [vins[0]!], unit));
    const onB = await db.dataSource.transaction((em) => ops.loadingRows.place(em, b.id, vins, aContainer()));
    const holders = await db.dataSource.transaction((em) => ops.loadingRows.activeHolders(em, [vins[0]!]));

    expect(onA).toEqual([vins[0]]);
    expect(onB.sort()).toEqual([vins[1], vins[2]].sort());
    expect(holders).toEqual([{ vin: vins[0], trainId: a.id, trainNumber: a.trainNumber }]);
  });

  it('moves a VIN placed again on the same train into the new unit', async () => {
    const { vins } = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 1);
    const train = await aPlannedTrain(ops.trainRows);
    const second = aContainer();

    await db.dataSource.transaction((em) => ops.loadingRows.place(em, train.id, vins, aContainer()));
    const again = await db.dataSource.transaction((em) => ops.loadingRows.place(em, train.id, vins, second));

    expect(again).toEqual(vins);
    expect(
      await db.dataSource.query('SELECT unit_number FROM loadings WHERE vin = $1 AND released_at IS NULL', [vins[0]]),
    ).toEqual([{ unit_number: second.number }]);
  });

  it('puts vehicles in a unit: booked ones become loaded', async () => {
    const { vins } = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 2);
    const unit = aContainer();

    await db.dataSource.transaction((em) => ops.loadingRows.putInUnit(em, vins, unit, null));

    expect(await vehicles(vins)).toEqual(
      [...vins].sort().map((vin) => ({ vin, status: 'loaded', unit_kind: 'container', unit_number: unit.number })),
    );
  });

  it('unloads a VIN: its vehicle is booked again in no unit, its consignment named; a VIN not on the train: nothing', async () => {
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 2);
    const train = await aPlannedTrain(ops.trainRows);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: consignment.vins });

    const unloaded = await db.dataSource.transaction((em) =>
      ops.loadingRows.unload(em, train.id, consignment.vins[0]!),
    );
    const again = await db.dataSource.transaction((em) => ops.loadingRows.unload(em, train.id, consignment.vins[0]!));

    expect(unloaded).toBe(consignment.id);
    expect(again).toBeUndefined();
    expect((await vehicles([consignment.vins[0]!]))[0]).toMatchObject({
      status: 'booked',
      unit_kind: null,
      unit_number: null,
    });
    expect(await activeLoadings(train.id)).toEqual([consignment.vins[1]]);
  });

  it('releases the vehicles of a train: the loaded ones are booked again in no unit, the loadings end', async () => {
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 3);
    const train = await aPlannedTrain(ops.trainRows);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: consignment.vins });

    await db.dataSource.transaction((em) => ops.loadingRows.releaseVehiclesOfTrain(em, train.id));

    expect((await vehicles(consignment.vins)).map((v) => [v.status, v.unit_kind, v.unit_number])).toEqual(
      consignment.vins.map(() => ['booked', null, null]),
    );
    expect(await activeLoadings(train.id)).toEqual([]);
  });

  it('releases the loadings at arrival, at the time of arrival, the vehicles keeping their unit', async () => {
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 1);
    const train = await aPlannedTrain(ops.trainRows);
    const unit = aContainer();
    await ops.loadings.load(train.id, { unit, vins: consignment.vins });
    const arrivedAt = new Date('2024-04-02T08:00:00Z');

    await db.dataSource.transaction((em) => ops.loadingRows.releaseOnArrival(em, train.id, arrivedAt));

    expect(await db.dataSource.query('SELECT released_at FROM loadings WHERE train_id = $1', [train.id])).toEqual([
      { released_at: arrivedAt },
    ]);
    expect((await vehicles(consignment.vins))[0]).toMatchObject({ status: 'loaded', unit_number: unit.number });
  });

  it('cancelling a loaded train puts its vehicles and consignments back to booked, in no unit, on no train', async () => {
    const first = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 2);
    const second = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 1);
    const train = await aPlannedTrain(ops.trainRows);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: [...first.vins, ...second.vins] });
    expect(await ops.trainRows.findById(train.id)).toMatchObject({
      status: 'loading',
      vehicleCount: 3,
      consignmentCount: 2,
    });

    const cancelled = await ops.trains.update(train.id, { status: 'cancelled' });

    expect(cancelled).toMatchObject({ status: 'cancelled', vehicleCount: 0, consignmentCount: 0 });
    expect((await vehicles([...first.vins, ...second.vins])).map((v) => [v.status, v.unit_kind])).toEqual([
      ['booked', null],
      ['booked', null],
      ['booked', null],
    ]);
    expect(
      await db.dataSource.query('SELECT status, train_id, eta FROM consignments WHERE id = ANY($1)', [
        [first.id, second.id],
      ]),
    ).toEqual([
      { status: 'booked', train_id: null, eta: null },
      { status: 'booked', train_id: null, eta: null },
    ]);
  });

  it('refuses a VIN already on another train with VinAlreadyLoadedError naming the VIN and that train', async () => {
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 1);
    const [a, b] = [await aPlannedTrain(ops.trainRows), await aPlannedTrain(ops.trainRows)];
    await db.dataSource.transaction((em) => ops.loadingRows.place(em, a.id, consignment.vins, aContainer()));

    const loading = ops.loadings.load(b.id, { unit: aContainer(), vins: consignment.vins });

    await expect(loading).rejects.toBeInstanceOf(VinAlreadyLoadedError);
    await expect(loading).rejects.toMatchObject({ vin: consignment.vins[0], trainId: a.id });
    expect(await activeLoadings(b.id)).toEqual([]);
  });
});
