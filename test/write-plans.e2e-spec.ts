import { aContainer, aDeparture } from './support/factories.js';
import { type CapturedQuery, openPlanLab, type PlanLab } from './support/query-capture.js';
import { loadedTrain } from './support/scenarios.js';

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
      `WITH c AS (
         INSERT INTO consignments (waybill_number, exporter_id, consignee_name, consignee_country,
           origin_station_code, destination_station_code)
         SELECT 'PLAN' || lpad(n::text, 6, '0'), $1, 'Avtodom Trading LLC', 'RU', 'CNZGZ', 'RUMOW'
         FROM generate_series(1, 500) n RETURNING id
       )
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
