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
  note: string | null;
}

interface EtaEventRow {
  consignment_id: string;
  previous_eta: string;
  eta: string;
}

/** ConsignmentStatusWriter and the statements of ConsignmentStatusRepository it runs. */
describe('consignment status changes on a real database: one status event per actual change, one ETA event per move', () => {
  let db: MediumDatabase;
  let ops: Operations;
  let exporterId: string;

  beforeAll(async () => ({ db, ops, exporterId } = await openOperations()));
  afterAll(() => db.close());

  const inTransaction = <T>(work: (em: EntityManager) => Promise<T>) => db.dataSource.transaction(work);
  const eventsOf = async (ids: readonly string[]) =>
    await db.dataSource.query<StatusEventRow[]>(
      `SELECT consignment_id, data->>'previousStatus' AS previous, data->>'status' AS status, data->>'note' AS note
       FROM status_events WHERE consignment_id = ANY($1) AND type = 'consignment.status_changed' ORDER BY seq`,
      [ids],
    );
  const etaEventsOf = async (ids: readonly string[]) =>
    await db.dataSource.query<EtaEventRow[]>(
      `SELECT consignment_id, data->>'previousEta' AS previous_eta, data->>'eta' AS eta
       FROM status_events WHERE consignment_id = ANY($1) AND type = 'consignment.eta_changed' ORDER BY seq`,
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

  it("tracks status, station and ETA with the vehicles following; an event per status change, with its cause's note, and per ETA move", async () => {
    const train = await aPlannedTrain(ops.trainRows);
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 3);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: consignment.vins });
    const tracking = (status: 'in_transit' | 'customs_hold', eta: string, note: string | null = null) => ({
      id: consignment.id,
      status,
      currentStationCode: 'MNZUU',
      eta: new Date(eta),
      occurredAt: new Date('2024-03-22T06:00:00Z'),
      note,
    });

    // Loaded with the train's ETA (2024-04-01T13:30Z): departing as planned moves nothing.
    await inTransaction((em) => ops.writer.track(em, [tracking('in_transit', '2024-04-01T13:30:00Z', 'on time')]));
    await inTransaction((em) => ops.writer.track(em, [tracking('in_transit', '2024-04-02T13:30:00Z')]));
    await inTransaction((em) => ops.writer.track(em, [tracking('in_transit', '2024-04-02T13:30:00Z')]));
    await inTransaction((em) =>
      ops.writer.track(em, [tracking('customs_hold', '2024-04-02T13:30:00Z', 'import declaration incomplete')]),
    );

    expect((await consignments([consignment.id]))[0]).toMatchObject({
      status: 'customs_hold',
      currentStationCode: 'MNZUU',
      eta: new Date('2024-04-02T13:30:00Z'),
    });
    expect(
      await db.dataSource.query('SELECT DISTINCT status FROM vehicles WHERE consignment_id = $1', [consignment.id]),
    ).toEqual([{ status: 'customs_hold' }]);
    expect((await eventsOf([consignment.id])).map((e) => [e.previous, e.status, e.note])).toEqual([
      ['booked', 'loaded', null],
      ['loaded', 'in_transit', 'on time'],
      ['in_transit', 'customs_hold', 'import declaration incomplete'],
    ]);
    expect(await etaEventsOf([consignment.id])).toEqual([
      { consignment_id: consignment.id, previous_eta: '2024-04-01T13:30:00.000Z', eta: '2024-04-02T13:30:00.000Z' },
    ]);
  });

  it('adds up ETA moves smaller than an hour: announced once they reach one, from the ETA last announced', async () => {
    const train = await aPlannedTrain(ops.trainRows);
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 1);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: consignment.vins });
    const planned = train.eta!.getTime();
    const lateBy = (minutes: number) => ({
      id: consignment.id,
      status: 'in_transit' as const,
      currentStationCode: 'CNERC',
      eta: new Date(planned + minutes * 60_000),
      occurredAt: new Date('2024-03-21T18:00:00Z'),
      note: null,
    });

    for (const minutes of [20, 40, 60, 60, 90, 100, 130, 0]) {
      await inTransaction((em) => ops.writer.track(em, [lateBy(minutes)]));
    }

    // 20 and 40 minutes late: not yet; 60: an hour from the plan; 60 again: no move; 90 and 100: under
    // an hour from the 60 announced; 130: more; back on time: more than an hour earlier.
    const at = (minutes: number) => new Date(planned + minutes * 60_000).toISOString();
    expect((await etaEventsOf([consignment.id])).map((e) => [e.previous_eta, e.eta])).toEqual([
      [at(0), at(60)],
      [at(60), at(130)],
      [at(130), at(0)],
    ]);
    expect((await consignments([consignment.id]))[0]!.eta).toEqual(new Date(at(0)));
  });

  it('leaves booked vehicles of a tracked consignment booked (those left behind)', async () => {
    const train = await aPlannedTrain(ops.trainRows);
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 2);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: [consignment.vins[0]!] });

    await inTransaction((em) =>
      ops.writer.track(em, [
        {
          id: consignment.id,
          status: 'in_transit',
          currentStationCode: 'CNZGZ',
          eta: null,
          occurredAt: new Date(),
          note: null,
        },
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

  it('moves the ETA of what a train carries with its planned departure: one ETA event each for an hour or more', async () => {
    const [a, b] = await Promise.all(
      ['a', 'b'].map(() => aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId)),
    );
    const train = await aPlannedTrain(ops.trainRows);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: [a!, b!].flatMap((c) => c.vins) });
    const later = (hours: number) => new Date(train.eta!.getTime() + hours * 3_600_000);

    await inTransaction((em) => ops.writer.moveEtaOfTrain(em, train.id, later(6)));
    await inTransaction((em) => ops.writer.moveEtaOfTrain(em, train.id, later(6)));
    await inTransaction((em) => ops.writer.moveEtaOfTrain(em, train.id, later(6.5)));

    expect((await consignments([a!.id, b!.id])).map((c) => [c.status, c.eta, c.version])).toEqual([
      ['loaded', later(6.5), 4],
      ['loaded', later(6.5), 4],
    ]);
    const ids = [a!.id, b!.id];
    expect((await etaEventsOf(ids)).map((e) => [e.consignment_id, e.previous_eta, e.eta])).toEqual(
      expect.arrayContaining(ids.map((id) => [id, train.eta!.toISOString(), later(6).toISOString()])),
    );
    expect(await etaEventsOf(ids)).toHaveLength(2);
    expect((await eventsOf(ids)).map((e) => e.status)).toEqual(['loaded', 'loaded']);
  });

  it('announces a damage report with the consignment it names, once per report', async () => {
    const train = await aPlannedTrain(ops.trainRows);
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 2);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: consignment.vins });
    const occurredAt = new Date('2024-03-22T03:00:00Z');
    const unchanged = {
      id: consignment.id,
      status: 'loaded' as const,
      currentStationCode: null,
      eta: train.eta,
      occurredAt,
      note: 'scratched rear bumper',
    };
    const damage = {
      consignmentId: consignment.id,
      vin: consignment.vins[1]!,
      stationCode: 'CNZGZ',
      note: 'scratched rear bumper',
      occurredAt,
    };

    await inTransaction((em) => ops.writer.track(em, [unchanged], [damage]));

    const rows = await db.dataSource.query<{ type: string; occurred_at: Date; exporter_id: string; data: unknown }[]>(
      `SELECT type, occurred_at, exporter_id, data FROM status_events WHERE consignment_id = $1 AND type <> 'consignment.status_changed'`,
      [consignment.id],
    );
    const [row] = await db.dataSource.query<{ waybill_number: string }[]>(
      'SELECT waybill_number FROM consignments WHERE id = $1',
      [consignment.id],
    );
    const waybillNumber = row!.waybill_number;
    expect(rows).toEqual([
      {
        type: 'consignment.damage_reported',
        occurred_at: occurredAt,
        exporter_id: exporterId,
        data: {
          consignmentId: consignment.id,
          waybillNumber,
          exporterId,
          vin: consignment.vins[1],
          stationCode: 'CNZGZ',
          note: 'scratched rear bumper',
        },
      },
    ]);
    // Nothing else changed: no status event for it.
    expect((await eventsOf([consignment.id])).map((e) => e.status)).toEqual(['loaded']);
  });
});
