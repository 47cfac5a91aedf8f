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
 * Consists for the demo's trains as the equipment endpoints would have written them: the origin's, one
 * flat per container its loadings used, and for every train past the gauge change a transshipment onto
 * 1520 mm flats under another number (the old one in transshipments.from_train_number), its buses moved
 * onto a broad-gauge car carrier.
 */
const DEMO_CONSISTS = `
  INSERT INTO consists (train_id, station_code, gauge, train_number, valid_from)
  SELECT t.id, 'CNZGZ', 1435, t.train_number, '-infinity' FROM trains t
  WHERE NOT EXISTS (SELECT 1 FROM consists k WHERE k.train_id = t.id);

  CREATE TEMP TABLE demo_units AS
  SELECT k.id AS consist_id, u.unit_number, row_number() OVER (PARTITION BY k.id ORDER BY u.unit_number) AS position
  FROM consists k
  JOIN (SELECT DISTINCT train_id, unit_number FROM loadings
        WHERE unit_kind = 'container' AND unit_number ~ '^[A-Z]{3}[UJZ][0-9]{7}$') u ON u.train_id = k.train_id
  WHERE k.valid_from = '-infinity' AND NOT EXISTS (SELECT 1 FROM consist_wagons w WHERE w.consist_id = k.id);
  INSERT INTO consist_wagons (consist_id, position, number, gauge, kind, capacity_teu)
  SELECT consist_id, position, '3133' || lpad(position::text, 8, '0'), 1435, 'flat', 2 FROM demo_units;
  INSERT INTO consist_containers (consist_id, container_number, size_type, wagon_position)
  SELECT consist_id, unit_number, '45G1', position FROM demo_units;

  CREATE TEMP TABLE demo_changes AS
  SELECT t.id AS train_id, t.train_number, t.departed_at + interval '2 days' AS at, k.id AS from_consist_id
  FROM trains t JOIN consists k ON k.train_id = t.id AND k.valid_to IS NULL
  WHERE t.departed_at + interval '2 days' < COALESCE(t.arrived_at, now());
  UPDATE consists k SET valid_to = c.at FROM demo_changes c WHERE k.id = c.from_consist_id;
  INSERT INTO consists (train_id, station_code, gauge, train_number, valid_from)
  SELECT train_id, 'MNZUU', 1520, 'R' || train_number, at FROM demo_changes;
  INSERT INTO consist_wagons (consist_id, position, number, gauge, kind, capacity_teu)
  SELECT k.id, w.position, lpad(w.position::text, 8, '2'), 1520, 'flat', 2
  FROM demo_changes c JOIN consists k ON k.train_id = c.train_id AND k.valid_to IS NULL
  JOIN consist_wagons w ON w.consist_id = c.from_consist_id;
  INSERT INTO consist_containers (consist_id, container_number, size_type, wagon_position)
  SELECT k.id, cc.container_number, cc.size_type, cc.wagon_position
  FROM demo_changes c JOIN consists k ON k.train_id = c.train_id AND k.valid_to IS NULL
  JOIN consist_containers cc ON cc.consist_id = c.from_consist_id;
  INSERT INTO consist_vehicles (consist_id, vin, unit_kind, unit_number)
  SELECT DISTINCT ON (k.id, l.vin) k.id, l.vin, 'wagon', '29999993'
  FROM demo_changes c JOIN consists k ON k.train_id = c.train_id AND k.valid_to IS NULL
  JOIN loadings l ON l.train_id = c.train_id AND l.unit_kind = 'wagon';
  INSERT INTO transshipments (train_id, station_code, occurred_at, from_consist_id, consist_id, from_train_number,
    train_number, containers_moved, vehicles_moved)
  SELECT c.train_id, 'MNZUU', c.at, c.from_consist_id, k.id, c.train_number, k.train_number, 0, 0
  FROM demo_changes c JOIN consists k ON k.train_id = c.train_id AND k.valid_to IS NULL;
  UPDATE trains t SET train_number = k.train_number
  FROM consists k WHERE k.train_id = t.id AND k.valid_to IS NULL AND k.station_code = 'MNZUU';
`;

/**
 * The queries the equipment reads run (the consist at a time, a container on its trip, the consignments
 * in a container, trains by a number they ran under), captured while a request is served and explained
 * on a database with a few thousand trains' worth of consists: each reads the large tables through an
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
    await db.query(DEMO_CONSISTS);

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
      'SELECT from_train_number AS number FROM transshipments LIMIT 1',
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
