import pg from 'pg';
import { type Actor, createActor } from './support/actors.js';
import { aConsignment, aContainerNumber, aTrain } from './support/factories.js';
import { type CapturedQuery, captureQueries, nodesOf, type PlanNode } from './support/query-capture.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The plan of the statement a train event fans out with, on a database whose statistics were taken
 * while every vehicle was booked (a young database, or one before autovacuum caught up): PostgreSQL then
 * expects no vehicle to be anything else, and a plan led by those statistics scanned the whole vehicles
 * table once per consignment. The statement must reach a consignment's vehicles through the index.
 */
describe('query plan of a train event fanned out to its consignments', () => {
  let api: TestApp;
  let operator: Actor;
  let exporter: Actor;
  let explainer: pg.Client;
  let capture: ReturnType<typeof captureQueries>;

  beforeAll(async () => {
    api = await startTestApp();
    operator = await createActor(api, 'operator');
    exporter = await createActor(api, 'exporter');
    explainer = new pg.Client({ connectionString: api.database.url });
    await explainer.connect();
    // 15,000 booked vehicles of an exporter (the check digits do not matter to the database), analysed.
    await explainer.query(
      `WITH c AS (
         INSERT INTO consignments (waybill_number, exporter_id, consignee_name, consignee_country,
           origin_station_code, destination_station_code)
         SELECT 'PLAN' || lpad(n::text, 6, '0'), $1, 'Avtodom Trading LLC', 'RU', 'CNZGZ', 'RUMOW'
         FROM generate_series(1, 500) n RETURNING id
       )
       INSERT INTO vehicles (vin, consignment_id, make, model, powertrain, declared_value_amount, declared_value_currency)
       SELECT lpad((row_number() OVER ())::text, 17, '0'), c.id, 'BYD', 'Song PLUS', 'PHEV', 152000, 'CNY'
       FROM c, generate_series(1, 30)`,
      [exporter.organizationId],
    );
    await explainer.query('ANALYZE');

    capture = captureQueries(explainer);
  }, 120_000);

  afterAll(async () => {
    capture.restore();
    await explainer.end();
    await api.close();
  });

  const post = async (path: string, body: unknown) => {
    const response = await api.request(path, { method: 'POST', token: operator.token, json: body });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; vehicles: { vin: string }[] };
  };

  /** A new train loaded with `consignments` fresh consignments of `vehicles` vehicles each. */
  const aLoadedTrain = async (consignments: number, vehicles: number): Promise<string> => {
    const train = await post('/api/v1/trains', aTrain());
    const vins: string[] = [];
    for (let i = 0; i < consignments; i++) {
      const consignment = await post('/api/v1/consignments', {
        ...aConsignment(vehicles),
        exporterId: exporter.organizationId,
      });
      vins.push(...consignment.vehicles.map((v) => v.vin));
    }
    for (let i = 0; i < vins.length; i += 500) {
      await post(`/api/v1/trains/${train.id}/loadings`, {
        unit: { kind: 'container', number: aContainerNumber() },
        vins: vins.slice(i, i + 500),
      });
    }
    return train.id;
  };

  /** The statements the app sent while `act` ran. */
  const capturedDuring = async (act: () => Promise<void>): Promise<CapturedQuery[]> => {
    capture.captured.length = 0;
    capture.capturing = true;
    try {
      await act();
    } finally {
      capture.capturing = false;
    }
    return [...capture.captured];
  };

  /** How the plan of `query` (as PostgreSQL would run it now) reads the vehicles table. */
  const vehicleScansOf = async (query: CapturedQuery): Promise<string[]> => {
    const { rows } = await explainer.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${query.text}`,
      query.values,
    );
    return nodesOf(rows[0]!['QUERY PLAN'][0].Plan)
      .filter((node) => node['Relation Name'] === 'vehicles')
      .map((node) => node['Node Type']);
  };

  it('reaches the vehicles of the 50 consignments through the index, not by scanning all of them', async () => {
    const trainId = await aLoadedTrain(50, 30);
    const captured = await capturedDuring(async () => {
      await post(`/api/v1/trains/${trainId}/events`, {
        type: 'DEPARTED',
        stationCode: 'CNZGZ',
        occurredAt: '2024-03-20T09:30:00+08:00',
      });
    });
    const fanOut = captured.filter((q) => /UPDATE vehicles/i.test(q.text) && /jsonb_to_recordset/i.test(q.text));
    expect(fanOut).toHaveLength(1);
    const vehicleScans = await vehicleScansOf(fanOut[0]!);
    expect(vehicleScans.length).toBeGreaterThan(0);
    expect(vehicleScans).not.toContain('Seq Scan');
  });

  it('puts the vehicles of a cancelled train back to booked through the index, not by scanning all of them', async () => {
    const trainId = await aLoadedTrain(20, 25);
    const captured = await capturedDuring(async () => {
      const cancelled = await api.request(`/api/v1/trains/${trainId}`, {
        method: 'PATCH',
        token: operator.token,
        json: { status: 'cancelled' },
      });
      expect(cancelled.status).toBe(200);
    });
    const release = captured.filter((q) => /UPDATE vehicles/i.test(q.text));
    expect(release).toHaveLength(1);
    const vehicleScans = await vehicleScansOf(release[0]!);
    expect(vehicleScans.length).toBeGreaterThan(0);
    expect(vehicleScans).not.toContain('Seq Scan');
  });
});
