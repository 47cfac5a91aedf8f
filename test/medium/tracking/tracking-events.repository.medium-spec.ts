import { TrackingEventsRepository } from '../../../libs/tracking/src/events/tracking-events.repository.js';
import type { TrackingService } from '../../../libs/tracking/src/events/tracking.service.js';
import { TrainNotDepartedError } from '../../../libs/tracking/src/journey/journey-errors.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import {
  aBookedConsignment,
  aContainer,
  anExporter,
  aPlannedTrain,
  operationsOn,
} from '../operations/operations-fixtures.js';
import { trackingOn } from './tracking-fixtures.js';

const staff = {
  userId: '00000000-0000-0000-0000-000000000001',
  role: 'operator',
  organizationId: 'o',
  credential: { kind: 'token' },
} as const;

describe('TrackingEventsRepository, and the tracking service recording through operations, on a real database', () => {
  let db: MediumDatabase;
  let ops: ReturnType<typeof operationsOn>;
  let events: TrackingEventsRepository;
  let tracking: TrackingService;
  let exporterId: string;

  beforeAll(async () => {
    db = await openMediumDatabase();
    ops = operationsOn(db.dataSource);
    events = new TrackingEventsRepository(db.dataSource);
    tracking = trackingOn(db.dataSource, ops, events);
    exporterId = await anExporter(db.dataSource);
  });
  afterAll(() => db.close());

  const event = (type: string, stationCode: string, occurredAt: string, extra: object = {}) => ({
    type: type as never,
    stationCode,
    occurredAt: new Date(occurredAt),
    consignmentId: null,
    vin: null,
    note: null,
    delayHours: null,
    recordedBy: staff.userId,
    ...extra,
  });

  it("records events and reads a train's in the order recorded, a consignment's with its train's", async () => {
    const train = await aPlannedTrain(ops.trainRows);
    const [a, b] = [
      await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 1),
      await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 1),
    ];
    const record = (e: ReturnType<typeof event>) =>
      db.dataSource.transaction((em) => events.insert(em, { ...e, trainId: train.id }));

    const delayed = await record(event('DELAYED', 'MNZUU', '2024-03-22T10:00:00Z', { delayHours: 12.5 }));
    const departed = await record(event('DEPARTED', 'CNZGZ', '2024-03-20T01:30:00Z'));
    const hold = await record(
      event('CUSTOMS_HOLD', 'MNZUU', '2024-03-22T11:00:00Z', { consignmentId: a.id, note: 'papers' }),
    );
    await record(event('DAMAGE_REPORTED', 'MNZUU', '2024-03-22T12:00:00Z', { consignmentId: b.id, vin: b.vins[0] }));

    expect(delayed).toMatchObject({ type: 'DELAYED', stationCode: 'MNZUU', delayHours: 12.5, consignmentId: null });
    expect(delayed.recordedAt).toBeInstanceOf(Date);
    expect(departed.seq).toBeGreaterThan(delayed.seq);
    const ofTrain = await db.dataSource.transaction((em) => events.ofTrain(em, train.id));
    expect(ofTrain.map((e) => e.type)).toEqual(['DELAYED', 'DEPARTED', 'CUSTOMS_HOLD', 'DAMAGE_REPORTED']);
    expect(ofTrain[2]).toEqual(hold);
    const ofA = await events.ofConsignment(train.id, a.id);
    expect(ofA.map((e) => e.type).sort()).toEqual(['CUSTOMS_HOLD', 'DELAYED', 'DEPARTED']);
  });

  it('a DEPARTED event sets the train, its consignments and vehicles in transit, with one status event each', async () => {
    const train = await aPlannedTrain(ops.trainRows, { plannedDepartureAt: '2024-03-20T09:30:00+08:00' });
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterId, 2);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: consignment.vins });

    const recorded = await tracking.recordTrainEvent(staff, train.id, {
      type: 'DEPARTED',
      stationCode: 'CNZGZ',
      occurredAt: '2024-03-20T10:00:00+08:00',
    });
    const again = await tracking.recordTrainEvent(staff, train.id, {
      type: 'DEPARTED',
      stationCode: 'CNZGZ',
      occurredAt: '2024-03-20T10:00:00+08:00',
    });

    expect(recorded).toMatchObject({
      created: true,
      event: { type: 'DEPARTED', stationName: 'Zhengzhou Putian', source: 'train', delayHours: null },
    });
    expect(again).toEqual({ event: recorded.event, created: false });
    expect(await ops.trainRows.findById(train.id)).toMatchObject({
      status: 'departed',
      departedAt: new Date('2024-03-20T02:00:00Z'),
      currentStationCode: 'CNZGZ',
    });
    expect(
      await db.dataSource.query(
        `SELECT c.status, array_agg(DISTINCT v.status) AS vehicles FROM consignments c JOIN vehicles v ON v.consignment_id = c.id
         WHERE c.id = $1 GROUP BY c.status`,
        [consignment.id],
      ),
    ).toEqual([{ status: 'in_transit', vehicles: ['in_transit'] }]);
    expect(
      await db.dataSource.query(
        "SELECT data->>'status' AS status FROM status_events WHERE consignment_id = $1 ORDER BY seq",
        [consignment.id],
      ),
    ).toEqual([{ status: 'loaded' }, { status: 'in_transit' }]);
  });

  it('refuses a train event before the departure with TrainNotDepartedError, recording nothing', async () => {
    const train = await aPlannedTrain(ops.trainRows);

    const early = tracking.recordTrainEvent(staff, train.id, {
      type: 'ARRIVED_AT_STATION',
      stationCode: 'MNZUU',
      occurredAt: '2024-03-22T10:00:00Z',
    });

    await expect(early).rejects.toBeInstanceOf(TrainNotDepartedError);
    await expect(early).rejects.toMatchObject({ trainNumber: train.trainNumber });
    expect(await db.dataSource.transaction((em) => events.ofTrain(em, train.id))).toEqual([]);
  });
});
