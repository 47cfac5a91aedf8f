import { loadDemo } from '../apps/demo/src/demo-loader.js';
import type { Train } from './support/api-types.js';
import { aContainerNumber, aTrain, aUicWagonNumber } from './support/factories.js';
import { openPlanLab, type PlanLab, readsDuring, seqScansIn } from './support/query-capture.js';
import { bookedConsignment } from './support/scenarios.js';

/** Tables that grow with the trade: reading them whole on a request is a bug. */
const LARGE = new Set([
  'trains',
  'consignments',
  'vehicles',
  'loadings',
  'consists',
  'consist_wagons',
  'consist_containers',
  'consist_vehicles',
  'transshipments',
]);

/**
 * The queries the equipment reads run (the consist at a time, a container on its trip, the consignments
 * in a container, trains by a number they ran under), captured while a request is served and explained
 * on the demo dataset (every train with its consist, transshipped at its gauge change): each reads the large tables through an
 * index, never by a sequential scan.
 */
describe('query plans of the equipment reads', () => {
  let lab: PlanLab;
  let train: Train;
  let container: string;
  let formerNumber: string;
  let transshipped: string;

  beforeAll(async () => {
    lab = await openPlanLab();
    const { api, operator, exporter, db } = lab;
    await loadDemo(db, 0.05);

    const staff = api.as(operator);
    train = await staff.createTrain(aTrain());
    container = aContainerNumber();
    await staff.putConsist(train.id, {
      wagons: [
        {
          position: 1,
          number: aUicWagonNumber(),
          gauge: 1435,
          kind: 'flat',
          capacityTeu: 2,
          containers: [{ number: container, sizeType: '45G1' }],
        },
      ],
    });
    const consignment = await bookedConsignment(api, exporter, 3);
    await staff.load(train.id, {
      unit: { kind: 'container', number: container },
      vins: consignment.vehicles.map((v) => v.vin),
    });
    const { rows } = await db.query<{ number: string }>(
      'SELECT from_train_number AS number FROM transshipments WHERE from_train_number <> train_number LIMIT 1',
    );
    formerNumber = rows[0]!.number;
    const moved = await db.query<{ number: string }>(
      `SELECT cc.container_number AS number FROM consist_containers cc JOIN consists k ON k.id = cc.consist_id
       WHERE k.station_code = 'MNZUU' LIMIT 1`,
    );
    transshipped = moved.rows[0]!.number;
    await db.query('ANALYZE');
  }, 180_000);

  afterAll(() => lab.close());

  it('has transshipped demo trains to look up by their former number', () => {
    expect(formerNumber).toBeDefined();
    expect(transshipped).toBeDefined();
  });

  it.each([
    ['GET /trains/:id/consist', (): string => `/api/v1/trains/${train.id}/consist`, 'operator'],
    [
      'GET /trains/:id/consist?at=',
      (): string => `/api/v1/trains/${train.id}/consist?at=2024-03-25T00:00:00Z`,
      'operator',
    ],
    ['GET /containers/:number (staff)', (): string => `/api/v1/containers/${container}`, 'operator'],
    ['GET /containers/:number (transshipped, staff)', (): string => `/api/v1/containers/${transshipped}`, 'operator'],
    ['GET /containers/:number (exporter)', (): string => `/api/v1/containers/${container}`, 'exporter'],
    [
      'GET /consignments?containerNumber=',
      (): string => `/api/v1/consignments?containerNumber=${container}`,
      'operator',
    ],
    [
      'GET /consignments?containerNumber= (exporter)',
      (): string => `/api/v1/consignments?containerNumber=${container}`,
      'exporter',
    ],
    [
      'GET /trains?trainNumber= (former number)',
      (): string => `/api/v1/trains?trainNumber=${formerNumber}`,
      'operator',
    ],
    [
      'GET /trains?trainNumber=&status=',
      (): string => `/api/v1/trains?trainNumber=${train.trainNumber}&status=planned`,
      'operator',
    ],
  ] as const)('%s reads the large tables through indexes', async (_name, url, caller) => {
    const reads = await readsDuring(lab, () => lab.api.as(lab[caller]).get(url()));
    expect(reads.length).toBeGreaterThan(0);
    const found = await seqScansIn(lab, reads, LARGE, { analyze: true });
    expect(found).toEqual(found.map(({ query }) => ({ query, seqScans: [] })));
  });

  it('replaces a loaded train’s consist and loads against it through the indexes', async () => {
    const staff = lab.api.as(lab.operator);
    const carrier = aUicWagonNumber();
    const wagons = [
      {
        position: 1,
        number: aUicWagonNumber(),
        gauge: 1435 as const,
        kind: 'flat' as const,
        capacityTeu: 2 as const,
        containers: [{ number: container, sizeType: '45G1' }],
      },
      { position: 2, number: carrier, gauge: 1435 as const, kind: 'car_carrier' as const },
    ];
    const consignment = await bookedConsignment(lab.api, lab.exporter, 1);
    const captured = [
      ...(await lab.capturedDuring(() => staff.putConsist(train.id, { wagons }))),
      ...(await lab.capturedDuring(() =>
        staff.load(train.id, { unit: { kind: 'wagon', number: carrier }, vins: [consignment.vehicles[0]!.vin] }),
      )),
    ];
    const statements = captured.filter((q) => /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(q.text));
    expect(statements.length).toBeGreaterThan(5);
    const found = await seqScansIn(lab, statements, LARGE);
    expect(found).toEqual(found.map(({ query }) => ({ query, seqScans: [] })));
  });
});
