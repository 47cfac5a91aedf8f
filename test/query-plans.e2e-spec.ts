import { loadDemo } from '../apps/demo/src/demo-loader.js';
import { openPlanLab, type PlanLab } from './support/query-capture.js';
import { departedTrain } from './support/scenarios.js';
import { statusFeed } from './support/status-feed.js';

/** Tables that grow with the trade: reading them whole on a request is a bug. */
const LARGE = new Set([
  'trains',
  'consignments',
  'vehicles',
  'loadings',
  'tracking_events',
  'status_events',
  'export_figures_daily',
  'share_links',
]);
// export_figures_monthly has a row per month and exporter: a report over a range reads most of it anyway.

/**
 * The queries the hot read endpoints actually run, captured from the driver while a request is served,
 * and explained (EXPLAIN ANALYZE) on a database with a few thousand trains' worth of data: each reads the
 * large tables through an index, never by a sequential scan.
 */
describe('query plans of the hot read endpoints', () => {
  let lab: PlanLab;
  let ids: { consignment: string; vin: string; waybill: string; event: string; train: string; token: string };

  beforeAll(async () => {
    lab = await openPlanLab();
    const { api, operator, exporter, db } = lab;
    await loadDemo(db, 0.05);

    const { train, consignment } = await departedTrain(api, operator, exporter, { vehiclesEach: 30 });
    const feed = await statusFeed(api, exporter);
    const link = await api
      .as(exporter)
      .request<{ url: string }>('POST', `/api/v1/consignments/${consignment.id}/share-links`, {
        json: {},
        success: 201,
      });
    ids = {
      consignment: consignment.id,
      vin: consignment.vehicles[0]!.vin,
      waybill: consignment.waybillNumber,
      event: feed[0]!.id,
      train: train.id,
      token: link.url.split('/').pop()!,
    };
    // A feed with history: the demo writes no status events. Each is whole, as the feed's schema has it.
    await db.query(
      `INSERT INTO status_events (occurred_at, consignment_id, exporter_id, data)
       SELECT now(), c.id, c.exporter_id, json_build_object('consignmentId', c.id, 'waybillNumber', c.waybill_number,
         'exporterId', c.exporter_id, 'previousStatus', 'in_transit', 'status', c.status,
         'stationCode', c.current_station_code, 'eta', null, 'note', null)
       FROM consignments c, generate_series(1, 4)`,
    );
    // Tracking links, a few for each consignment: the public page finds its one by the token's hash.
    await db.query(
      `INSERT INTO share_links (consignment_id, exporter_id, token_hash, created_by)
       SELECT c.id, c.exporter_id, sha256((c.id::text || g)::bytea), c.exporter_id
       FROM consignments c, generate_series(1, 3) g`,
    );
    await db.query('ANALYZE');
  }, 120_000);

  afterAll(() => lab.close());

  it.each([
    ['GET /consignments/:id', (): string => `/api/v1/consignments/${ids.consignment}`, 'exporter'],
    ['GET /consignments/:id/timeline', (): string => `/api/v1/consignments/${ids.consignment}/timeline`, 'exporter'],
    ['GET /consignments (first page)', (): string => '/api/v1/consignments', 'operator'],
    ['GET /consignments (exporter, first page)', (): string => '/api/v1/consignments', 'exporter'],
    ['GET /consignments?waybillNumber=', (): string => `/api/v1/consignments?waybillNumber=${ids.waybill}`, 'operator'],
    ['GET /vehicles/:vin', (): string => `/api/v1/vehicles/${ids.vin}`, 'exporter'],
    ['GET /trains (first page)', (): string => '/api/v1/trains', 'operator'],
    ['GET /trains/:id', (): string => `/api/v1/trains/${ids.train}`, 'operator'],
    ['GET /track/:token/data', (): string => `/track/${ids.token}/data`, 'exporter'],
    ['GET /events?after=', (): string => `/api/v1/events?after=${ids.event}`, 'exporter'],
    [
      'GET /reports/exports',
      (): string => '/api/v1/reports/exports?from=2022-01-15&to=2024-03-20&groupBy=month',
      'operator',
    ],
    ['GET /trains/:id/manifest (CSV)', (): string => `/api/v1/trains/${ids.train}/manifest`, 'operator', 'text/csv'],
    ['GET /consignments (exporter, CSV)', (): string => '/api/v1/consignments', 'exporter', 'text/csv'],
  ] as const)('%s reads the large tables through indexes', async (_name, path, who, ...accepts: string[]) => {
    // The media type asked for, when not JSON (a rest parameter: a fourth one would be Jest's `done`).
    const [accept] = accepts;
    const client = lab.api.as(who === 'exporter' ? lab.exporter : lab.operator);
    const captured = await lab.capturedDuring(() => client.get(path(), accept ? { headers: { accept } } : {}));
    // An export streamed through a cursor: the query it declares is the read.
    const reads = captured
      .map((q) => ({ ...q, text: q.text.replace(/^\s*DECLARE \w+ NO SCROLL CURSOR FOR /i, '') }))
      .filter((q) => /^\s*(SELECT|WITH)\b/i.test(q.text) && !/FOR UPDATE/i.test(q.text));
    expect(reads.length).toBeGreaterThan(0);
    for (const query of reads) {
      const scans = (await lab.planOf(query, { analyze: true })).filter(
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

  it('reads a tracking page it keeps in one statement: the link and the stamps of what it shows, which match', async () => {
    const anyone = lab.api.as(undefined);
    await anyone.get(`/track/${ids.token}/data`);
    const captured = await lab.capturedDuring(() => anyone.get(`/track/${ids.token}/data`));
    // Were the stamps read with the link unlike those the page was kept with, the consignment would be read again.
    expect(captured.filter((q) => /^\s*(SELECT|WITH)\b/i.test(q.text))).toEqual([
      expect.objectContaining({ text: expect.stringContaining('FROM unnest(') }),
    ]);
  });
});
