import { ALL_TENANTS, type Caller, scopeOf, type TenantScope } from '@landbridge/common';
import type { WagonInput } from '../../../libs/operations/src/equipment/consist-rules.js';
import { aContainerNumber, aUicWagonNumber } from '../../support/factories.js';
import type { MediumDatabase } from '../../support/medium.js';
import {
  aBookedConsignment,
  anExporter,
  aPlannedTrain,
  type Operations,
  openOperations,
} from './operations-fixtures.js';

const exporter = (organizationId: string): TenantScope =>
  scopeOf({ userId: 'u', role: 'exporter', organizationId, credential: { kind: 'token' } } satisfies Caller);

/** The gauge change, 2 days after departure: the moment the second consist comes into force. */
const CHANGED_AT = '2024-03-22T06:00:00.000Z';

describe('ConsistsRepository on a real database: a container across a gauge change', () => {
  let db: MediumDatabase;
  let ops: Operations;
  let exporterA: string;
  let exporterB: string;
  const container = aContainerNumber();
  const originFlat = aUicWagonNumber();
  const carrier = aUicWagonNumber();
  const broadFlat = '20000014';
  let trainId: string;
  let a: { id: string; vins: string[] };
  let b: { id: string; vins: string[] };

  beforeAll(async () => {
    ({ db, ops, exporterId: exporterA } = await openOperations());
    exporterB = await anExporter(db.dataSource);
    const train = await aPlannedTrain(ops.trainRows);
    trainId = train.id;
    const origin: WagonInput[] = [
      {
        position: 1,
        number: originFlat,
        gauge: 1435,
        kind: 'flat',
        capacityTeu: 2,
        containers: [{ number: container, sizeType: '45G1' }],
      },
      { position: 2, number: carrier, gauge: 1435, kind: 'car_carrier' },
    ];
    await db.dataSource.transaction(async (em) => {
      const consist = await ops.consistRows.insertAtOrigin(em, train, { code: 'CNZGZ', gauge: 1435 });
      await ops.consistRows.insertWagons(em, consist.id, origin);
    });
    a = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterA, 1);
    b = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterB, 1);
    await ops.loadings.load(train.id, { unit: { kind: 'wagon', number: carrier }, vins: a.vins });
    await ops.loadings.load(train.id, { unit: { kind: 'container', number: container }, vins: b.vins });

    // The transshipment as it is recorded: the origin's consist closed, a 1520 mm one in force from then on,
    // A's car driven off its car carrier into the container, both vehicles on the broad-gauge flat.
    await db.dataSource.transaction(async (em) => {
      const [origin] = await em.query<{ id: string }[]>(
        // A SELECT around the UPDATE: TypeORM answers a bare UPDATE with [rows, count].
        'WITH u AS (UPDATE consists SET valid_to = $2 WHERE train_id = $1 RETURNING id) SELECT id FROM u',
        [train.id, CHANGED_AT],
      );
      const [next] = await em.query<{ id: string }[]>(
        `INSERT INTO consists (train_id, station_code, gauge, train_number, valid_from)
         VALUES ($1, 'MNZUU', 1520, $2, $3) RETURNING id`,
        [train.id, `R${train.trainNumber}`.slice(0, 16), CHANGED_AT],
      );
      await ops.consistRows.insertWagons(em, next!.id, [
        {
          position: 1,
          number: broadFlat,
          gauge: 1520,
          kind: 'flat',
          capacityTeu: 2,
          containers: [{ number: container, sizeType: '45G1' }],
        },
      ]);
      await em.query(
        `INSERT INTO consist_vehicles (consist_id, vin, unit_kind, unit_number) VALUES ($1, $2, 'container', $3)`,
        [next!.id, a.vins[0], container],
      );
      await em.query(
        `UPDATE vehicles SET unit_kind = 'container', unit_number = $2, wagon_number = $3, wagon_gauge = 1520
         WHERE vin = ANY($1)`,
        [[...a.vins, ...b.vins], container, broadFlat],
      );
      await em.query(
        `INSERT INTO transshipments (train_id, station_code, occurred_at, from_consist_id, consist_id,
           from_train_number, train_number, containers_moved, vehicles_moved)
         VALUES ($1, 'MNZUU', $2, $3, $4, $5, $6, 1, 1)`,
        [train.id, CHANGED_AT, origin!.id, next!.id, train.trainNumber, `R${train.trainNumber}`.slice(0, 16)],
      );
    });

    // A later train listed the container too, and was cancelled: it is not the container's trip.
    const cancelled = await aPlannedTrain(ops.trainRows, { plannedDepartureAt: '2024-04-20T09:30:00+08:00' });
    await db.dataSource.transaction(async (em) => {
      const consist = await ops.consistRows.insertAtOrigin(em, cancelled, { code: 'CNZGZ', gauge: 1435 });
      await ops.consistRows.insertWagons(em, consist.id, [
        {
          position: 1,
          number: aUicWagonNumber(),
          gauge: 1435,
          kind: 'flat',
          capacityTeu: 2,
          containers: [{ number: container, sizeType: '42G1' }],
        },
      ]);
      await ops.trainRows.update(em, cancelled, { status: 'cancelled' });
    });
  });
  afterAll(() => db.close());

  const lookup = async (scope: TenantScope) => {
    const json = await ops.consistRows.containerOnTrip(db.dataSource, container, scope);
    return json === undefined ? undefined : (JSON.parse(json) as Record<string, unknown>);
  };

  it('reads the consist in force at a time: the origin’s before the gauge change, the broad-gauge one after', async () => {
    const before = await ops.consistRows.inForceAt(db.dataSource, trainId, new Date('2024-03-21T00:00:00Z'));
    const after = await ops.consistRows.inForceAt(db.dataSource, trainId, new Date('2024-03-23T00:00:00Z'));
    expect(JSON.parse(before!.json)).toMatchObject({ stationCode: 'CNZGZ', validFrom: null, validTo: CHANGED_AT });
    expect(JSON.parse(after!.json)).toMatchObject({
      stationCode: 'MNZUU',
      validFrom: CHANGED_AT,
      validTo: null,
      wagons: [{ number: broadFlat, gauge: 1520, containers: [{ number: container }] }],
    });
  });

  it('finds the container on its trip (not the later cancelled train), on its broad-gauge wagon, with both consists', async () => {
    // The cancelled train's consist gives neither the size type nor a history entry.
    expect(await lookup(ALL_TENANTS)).toEqual({
      number: container,
      sizeType: '45G1',
      trainId,
      trainNumber: expect.any(String),
      wagon: { number: broadFlat, gauge: 1520 },
      vehicles: [
        { vin: a.vins[0], consignmentId: a.id },
        { vin: b.vins[0], consignmentId: b.id },
      ],
      history: [
        { trainId, stationCode: 'CNZGZ', wagonNumber: originFlat, from: null, to: CHANGED_AT },
        { trainId, stationCode: 'MNZUU', wagonNumber: broadFlat, from: CHANGED_AT, to: null },
      ],
    });
  });

  it('shows an exporter whose car was moved into the container at the gauge change that trip, and only its car', async () => {
    expect(await lookup(exporter(exporterA))).toMatchObject({
      vehicles: [{ vin: a.vins[0], consignmentId: a.id }],
      history: [
        { trainId, stationCode: 'CNZGZ', wagonNumber: originFlat, from: null, to: CHANGED_AT },
        { trainId, stationCode: 'MNZUU', wagonNumber: broadFlat, from: CHANGED_AT, to: null },
      ],
    });
    expect(await lookup(exporter(await anExporter(db.dataSource)))).toBeUndefined();
  });
});
