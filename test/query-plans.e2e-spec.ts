import pg from 'pg';
import { loadDemo } from '../libs/reports/src/demo/demo-loader.js';
import { type Actor, createActor } from './support/actors.js';
import { aConsignment, aContainerNumber, aTrain } from './support/factories.js';
import { feedSettled } from './support/feed-settled.js';
import { captureQueries, nodesOf, type PlanNode } from './support/query-capture.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Tables that grow with the trade: reading them whole on a request is a bug. */
const LARGE = new Set([
  'trains',
  'consignments',
  'vehicles',
  'loadings',
  'tracking_events',
  'status_events',
  'export_figures_daily',
]);
// export_figures_monthly has a row per month and exporter: a report over a range reads most of it anyway.

/**
 * The queries the hot read endpoints actually run, captured from the driver while a request is served,
 * and explained (EXPLAIN ANALYZE) on a database with a few thousand trains' worth of data: each reads the
 * large tables through an index, never by a sequential scan.
 */
describe('query plans of the hot read endpoints', () => {
  let api: TestApp;
  let operator: Actor;
  let exporter: Actor;
  let explainer: pg.Client;
  let capture: ReturnType<typeof captureQueries>;
  let ids: { consignment: string; vin: string; waybill: string; event: string; train: string };

  beforeAll(async () => {
    api = await startTestApp();
    operator = await createActor(api, 'operator');
    exporter = await createActor(api, 'exporter');
    explainer = new pg.Client({ connectionString: api.database.url });
    await explainer.connect();
    await loadDemo(explainer, 0.05);

    const post = async (path: string, body: unknown, token = operator.token) => {
      const response = await api.request(path, { method: 'POST', token, json: body });
      expect(response.status).toBe(201);
      return (await response.json()) as { id: string; waybillNumber: string; vehicles: { vin: string }[] };
    };
    const train = await post('/api/v1/trains', aTrain());
    const consignment = await post('/api/v1/consignments', aConsignment(30), exporter.token);
    await post(`/api/v1/trains/${train.id}/loadings`, {
      unit: { kind: 'container', number: aContainerNumber() },
      vins: consignment.vehicles.map((v) => v.vin),
    });
    await post(`/api/v1/trains/${train.id}/events`, {
      type: 'DEPARTED',
      stationCode: 'CNZGZ',
      occurredAt: '2024-03-20T09:30:00+08:00',
    });
    await feedSettled(api.database.url);
    const feed = (await (await api.request('/api/v1/events', { token: exporter.token })).json()) as {
      items: { id: string }[];
    };
    ids = {
      consignment: consignment.id,
      vin: consignment.vehicles[0]!.vin,
      waybill: consignment.waybillNumber,
      event: feed.items[0]!.id,
      train: train.id,
    };
    // A feed with history: the demo writes no status events.
    await explainer.query(
      `INSERT INTO status_events (occurred_at, consignment_id, exporter_id, data)
       SELECT now(), c.id, c.exporter_id, '{}' FROM consignments c, generate_series(1, 4)`,
    );
    await explainer.query('ANALYZE');

    capture = captureQueries(explainer);
  }, 120_000);

  afterAll(async () => {
    capture.restore();
    await explainer.end();
    await api.close();
  });

  it.each([
    ['GET /consignments/:id', (): string => `/api/v1/consignments/${ids.consignment}`, 'exporter'],
    ['GET /consignments/:id/timeline', (): string => `/api/v1/consignments/${ids.consignment}/timeline`, 'exporter'],
    ['GET /consignments (first page)', (): string => '/api/v1/consignments', 'operator'],
    ['GET /consignments (exporter, first page)', (): string => '/api/v1/consignments', 'exporter'],
    ['GET /consignments?waybillNumber=', (): string => `/api/v1/consignments?waybillNumber=${ids.waybill}`, 'operator'],
    ['GET /vehicles/:vin', (): string => `/api/v1/vehicles/${ids.vin}`, 'exporter'],
    ['GET /trains (first page)', (): string => '/api/v1/trains', 'operator'],
    ['GET /trains/:id', (): string => `/api/v1/trains/${ids.train}`, 'operator'],
    ['GET /events?after=', (): string => `/api/v1/events?after=${ids.event}`, 'exporter'],
    [
      'GET /reports/exports',
      (): string => '/api/v1/reports/exports?from=2022-01-15&to=2024-03-20&groupBy=month',
      'operator',
    ],
  ] as const)('%s reads the large tables through indexes', async (_name, path, who) => {
    capture.captured.length = 0;
    capture.capturing = true;
    const response = await api.request(path(), { token: (who === 'exporter' ? exporter : operator).token });
    capture.capturing = false;
    expect(response.status).toBe(200);
    const reads = capture.captured.filter((q) => /^\s*(SELECT|WITH)\b/i.test(q.text) && !/FOR UPDATE/i.test(q.text));
    expect(reads.length).toBeGreaterThan(0);
    for (const query of reads) {
      const { rows } = await explainer.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${query.text}`,
        query.values,
      );
      const scans = nodesOf(rows[0]!['QUERY PLAN'][0].Plan).filter(
        (node) => node['Node Type'] === 'Seq Scan' && LARGE.has(node['Relation Name'] ?? ''),
      );
      expect({
        query: query.text.replace(/\s+/g, ' ').slice(0, 160),
        seqScans: scans.map((s) => s['Relation Name']),
      }).toEqual({
        query: query.text.replace(/\s+/g, ' ').slice(0, 160),
        seqScans: [],
      });
    }
  });
});
