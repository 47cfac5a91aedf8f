import { APP_ROLE } from '@landbridge/common';
import {
  aBroadGaugeFlatCarrying,
  aContainer,
  aDeparture,
  aFlatCarrying,
  aTrain,
  PLANNED_DEPARTURE,
} from './support/factories.js';
import { type CapturedQuery, openPlanLab, type PlanLab } from './support/query-capture.js';
import { bookedConsignment, loadedTrain } from './support/scenarios.js';

const hoursOn = (hours: number) => new Date(Date.parse(PLANNED_DEPARTURE) + hours * 3_600_000).toISOString();

/**
 * A CTE `name` that books `count` consignments of the exporter given as $1, waybills `prefix`000001 on,
 * and yields their ids: the statistics' population of a plan test, faster than the API.
 */
const consignmentsAs = (name: string, prefix: string, count: number) => `${name} AS (
  INSERT INTO consignments (waybill_number, exporter_id, consignee_name, consignee_country,
    origin_station_code, destination_station_code)
  SELECT '${prefix}' || lpad(n::text, 6, '0'), $1, 'Avtodom Trading LLC', 'RU', 'CNZGZ', 'RUMOW'
  FROM generate_series(1, ${count}) n RETURNING id
)`;

/**
 * The plan of the statement a train event fans out with, on a database whose statistics were taken
 * while every vehicle was booked (a young database, or one before autovacuum caught up): PostgreSQL then
 * expects no vehicle to be anything else, and a plan led by those statistics scanned the whole vehicles
 * table once per consignment. The statement must reach a consignment's vehicles through the index.
 */
describe('query plan of a train event fanned out to its consignments', () => {
  let lab: PlanLab;

  beforeAll(async () => {
    lab = await openPlanLab();
    // 15,000 booked vehicles of an exporter (the check digits do not matter to the database), analysed.
    await lab.db.query(
      `WITH ${consignmentsAs('c', 'PLAN', 500)}
       INSERT INTO vehicles (vin, consignment_id, make, model, powertrain, declared_value_amount, declared_value_currency)
       SELECT lpad((row_number() OVER ())::text, 17, '0'), c.id, 'BYD', 'Song PLUS', 'PHEV', 152000, 'CNY'
       FROM c, generate_series(1, 30)`,
      [lab.exporter.organizationId],
    );
    await lab.db.query('ANALYZE');
  }, 120_000);

  afterAll(() => lab.close());

  /** How the plan of `query` (as PostgreSQL would run it now) reads the vehicles table. */
  const vehicleScansOf = async (query: CapturedQuery): Promise<string[]> =>
    (await lab.planOf(query)).filter((node) => node['Relation Name'] === 'vehicles').map((node) => node['Node Type']);

  it('reaches the vehicles of the 50 consignments through the index, not by scanning all of them', async () => {
    const { train } = await loadedTrain(lab.api, lab.operator, lab.exporter, { consignments: 50, vehiclesEach: 30 });
    const captured = await lab.capturedDuring(() => lab.api.as(lab.operator).recordTrainEvent(train.id, aDeparture()));
    const fanOut = captured.filter((q) => /UPDATE vehicles/i.test(q.text) && /jsonb_to_recordset/i.test(q.text));
    expect(fanOut).toHaveLength(1);
    const vehicleScans = await vehicleScansOf(fanOut[0]!);
    expect(vehicleScans.length).toBeGreaterThan(0);
    expect(vehicleScans).not.toContain('Seq Scan');
  });

  it('puts the vehicles of a cancelled train back to booked through the index, not by scanning all of them', async () => {
    const { train } = await loadedTrain(lab.api, lab.operator, lab.exporter, { consignments: 20, vehiclesEach: 25 });
    const captured = await lab.capturedDuring(() =>
      lab.api.as(lab.operator).updateTrain(train.id, { status: 'cancelled' }),
    );
    const release = captured.filter((q) => /UPDATE vehicles/i.test(q.text));
    expect(release).toHaveLength(1);
    const vehicleScans = await vehicleScansOf(release[0]!);
    expect(vehicleScans.length).toBeGreaterThan(0);
    expect(vehicleScans).not.toContain('Seq Scan');
  });

  it('checks a departure for vehicles left behind, amends, cancels and loads consignments, through the indexes', async () => {
    const { train, consignment, consignments, vins } = await loadedTrain(lab.api, lab.operator, lab.exporter, {
      consignments: 20,
      vehiclesEach: 5,
    });
    // Consignments of years past, and loadings as many as the vehicles (released, but a thousand), analysed.
    await lab.db.query(
      `INSERT INTO consignments (waybill_number, exporter_id, consignee_name, consignee_country,
         origin_station_code, destination_station_code, status)
       SELECT 'PAST' || lpad(n::text, 6, '0'), $1, 'Avtodom Trading LLC', 'RU', 'CNZGZ', 'RUMOW', 'delivered'
       FROM generate_series(1, 20000) n`,
      [lab.exporter.organizationId],
    );
    await lab.db.query(
      `WITH t AS (
         INSERT INTO trains (train_number, route_code, planned_departure_at) VALUES ('PLAN1', 'ZGZ-MOW-ERC', now()) RETURNING id
       )
       INSERT INTO loadings (train_id, vin, unit_kind, unit_number, released_at)
       SELECT t.id, v.vin, 'container', 'CSQU3054383', CASE WHEN v.vin < '00000000000001000' THEN NULL ELSE now() END
       FROM t, vehicles v WHERE v.vin LIKE '0%'`,
    );
    await lab.db.query('ANALYZE');
    const staff = lab.api.as(lab.operator);
    const captured = [
      ...(await lab.capturedDuring(() => staff.removeVehicle(consignment.id, vins[0]!))),
      ...(await lab.capturedDuring(() => staff.cancelConsignment(consignments[2]!.id))),
      ...(await lab.capturedDuring(() => staff.load(train.id, { unit: aContainer(), vins: vins.slice(5, 10) }))),
      ...(await lab.capturedDuring(() => staff.recordTrainEvent(train.id, aDeparture()))),
    ];
    const statements = captured.filter((q) => /^\s*(SELECT|WITH|UPDATE|INSERT|DELETE)\b/i.test(q.text));
    expect(statements.some((q) => /NOT EXISTS/i.test(q.text) && /released_at IS NULL/i.test(q.text))).toBe(true);
    for (const query of statements) {
      const scans = (await lab.planOf(query)).filter(
        (node) =>
          node['Node Type'] === 'Seq Scan' &&
          ['consignments', 'vehicles', 'loadings'].includes(node['Relation Name'] ?? ''),
      );
      const text = query.text.replace(/\s+/g, ' ').slice(0, 160);
      expect({ text, seqScans: scans.map((node) => node['Relation Name']) }).toEqual({ text, seqScans: [] });
    }
  });
});

/**
 * The container check of a loading (does the container ride another train?) on a database whose statistics
 * were taken in a quiet spell, when no loading was active, and then a day of loading: thousands of active
 * loadings that the statistics do not know of. A plan led by those statistics started from every active
 * loading and probed each one's vehicle through row-level security (50–130 ms a request in the benchmark).
 * The check must start from the container asked about, so what it reads does not grow with the day.
 */
describe('query plan of the container check of a loading', () => {
  let lab: PlanLab;

  beforeAll(async () => {
    lab = await openPlanLab();
    // 6,000 vehicles that travelled in containers (6 to a container) on a train long arrived, analysed
    // while none is loaded: the statistics know the containers, and no active loading.
    await lab.db.query(
      `WITH ${consignmentsAs('c', 'QUIET', 200)}, v AS (
         INSERT INTO vehicles (vin, consignment_id, make, model, powertrain, declared_value_amount,
           declared_value_currency, unit_kind, unit_number)
         SELECT 'Z' || lpad(n::text, 16, '0'), c.id, 'BYD', 'Song PLUS', 'PHEV', 152000, 'CNY',
           'container', 'QQQU' || lpad((n / 6)::text, 7, '0')
         FROM (SELECT c.id, row_number() OVER () AS n FROM c, generate_series(1, 30)) c
         RETURNING vin, unit_number
       ), t AS (
         INSERT INTO trains (train_number, route_code, planned_departure_at) VALUES ('QUIET0', 'ZGZ-MOW-ERC', now() - interval '90 days')
         RETURNING id
       )
       INSERT INTO loadings (train_id, vin, unit_kind, unit_number, loaded_at, released_at)
       SELECT t.id, v.vin, 'container', v.unit_number, now() - interval '90 days', now() - interval '60 days' FROM t, v`,
      [lab.exporter.organizationId],
    );
    await lab.db.query('ANALYZE');
    // Then the day: 5,000 of them loaded again, on another train; not analysed yet.
    await lab.db.query(
      `WITH t AS (
         INSERT INTO trains (train_number, route_code, planned_departure_at, status)
         VALUES ('QUIET1', 'ZGZ-MOW-ERC', now() + interval '1 day', 'loading') RETURNING id
       )
       INSERT INTO loadings (train_id, vin, unit_kind, unit_number)
       SELECT t.id, v.vin, 'container', v.unit_number FROM t, vehicles v WHERE v.vin <= 'Z0000000000005000'`,
    );
  }, 120_000);

  afterAll(() => lab.close());

  it('reads a handful of loadings, not every active one, whatever the statistics say', async () => {
    const staff = lab.api.as(lab.operator);
    const train = await staff.createTrain(aTrain());
    const { id: consignmentId, vehicles } = await bookedConsignment(lab.api, lab.exporter, 5);
    const container = aContainer();
    const captured = [
      ...(await lab.capturedDuring(() =>
        staff.load(train.id, { unit: container, vins: vehicles.map((vehicle) => vehicle.vin) }),
      )),
      ...(await lab.capturedDuring(() => staff.unload(train.id, vehicles[0]!.vin))),
      ...(await lab.capturedDuring(() => staff.removeVehicle(consignmentId, vehicles[0]!.vin))),
      ...(await lab.capturedDuring(() =>
        staff.putConsist(train.id, { wagons: [aFlatCarrying(1, [container.number])] }),
      )),
      ...(await lab.capturedDuring(() => staff.recordTrainEvent(train.id, aDeparture()))),
      ...(await lab.capturedDuring(() =>
        staff.recordTrainEvent(train.id, { type: 'ARRIVED_AT_STATION', stationCode: 'MNZUU', occurredAt: hoursOn(52) }),
      )),
      ...(await lab.capturedDuring(() =>
        staff.transship(train.id, {
          stationCode: 'MNZUU',
          occurredAt: hoursOn(56),
          trainNumber: `Q${Date.now() % 100000}`,
          wagons: [aBroadGaugeFlatCarrying(1, [container.number])],
          vehicleMoves: [],
        }),
      )),
    ];
    // The container check, and every other read of the loading, an unloading, a vehicle's removal, the
    // consist, the departure, an arrival and the transshipment at the gauge change (a write would not run twice).
    const reads = captured.filter(
      (q) => /^\s*(SELECT|WITH)\b/i.test(q.text) && !/^\s*WITH[^]*\b(INSERT|UPDATE|DELETE)\b/i.test(q.text),
    );
    // Every step ran (the transshipment last); the container check runs for the loading and for the consist.
    expect(captured.some((q) => /INSERT INTO transshipments\b/.test(q.text))).toBe(true);
    expect(reads.filter((q) => /consist_containers/i.test(q.text) && /\bUNION\b/i.test(q.text))).toHaveLength(2);
    // As the service runs them: its own role, under row-level security, in the staff's scope.
    await lab.db.query('BEGIN');
    try {
      await lab.db.query(`SET LOCAL ROLE ${APP_ROLE}`);
      await lab.db.query(`SELECT set_config('landbridge.scope', 'staff', true)`);
      const heavy: { text: string; loadingsRead: number }[] = [];
      for (const query of reads) {
        const { rows } = await lab.db.query<{ 'QUERY PLAN': [{ Plan: AnalysedNode }] }>(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${query.text}`,
          query.values,
        );
        const loadingsRead = analysedNodes(rows[0]!['QUERY PLAN'][0].Plan)
          .filter((node) => node['Relation Name'] === 'loadings')
          .reduce((sum, node) => sum + node['Actual Rows'] * node['Actual Loops'], 0);
        if (loadingsRead >= 50) heavy.push({ text: query.text.replace(/\s+/g, ' ').slice(0, 160), loadingsRead });
      }
      expect(heavy).toEqual([]);
    } finally {
      await lab.db.query('ROLLBACK');
    }
  });
});

/** A node of EXPLAIN ANALYZE's JSON plan: the rows it gave per loop, and its loops. */
interface AnalysedNode {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: AnalysedNode[];
}

const analysedNodes = (node: AnalysedNode): AnalysedNode[] => [node, ...(node.Plans ?? []).flatMap(analysedNodes)];
