import pg from 'pg';
import { loadDemo } from '../../../apps/demo/src/demo-loader.js';
import { DEMO_EXPORTERS } from '../../../apps/demo/src/demo-plan.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';

const BN = 1_000_000_000;

describe('the demo loader', () => {
  let db: MediumDatabase;
  let client: pg.Client;
  const count = async (table: string) =>
    (await db.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  beforeAll(async () => {
    db = await openMediumDatabase();
    client = new pg.Client({ connectionString: db.database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.close();
  });

  it('loads January 2022 to March 2024 at a small scale, adding up to the provincial figures', async () => {
    const progress: number[] = [];
    const summary = await loadDemo(client, 0.001, (done) => progress.push(done));

    expect(summary.loaded).toBe(true);
    expect(progress.at(-1)).toBe(summary.trains);
    expect(await count('trains')).toBe(summary.trains);
    expect(await count('consignments')).toBe(summary.consignments);
    expect(await count('vehicles')).toBe(summary.vehicles);
    expect(await count('loadings')).toBe(summary.vehicles);
    const exporters = await db.dataSource.query<{ name: string }[]>(
      `SELECT DISTINCT o.name FROM consignments c JOIN organizations o ON o.id = c.exporter_id ORDER BY 1`,
    );
    expect(exporters.map((o) => o.name)).toEqual(DEMO_EXPORTERS.map((e) => e.name).sort());

    const [span] = await db.dataSource.query<{ first: string; last: string; arrived: number }[]>(
      `SELECT to_char(min(departed_at), 'YYYY-MM') AS first, to_char(max(departed_at), 'YYYY-MM') AS last,
         count(*) FILTER (WHERE status = 'arrived' AND arrived_at > departed_at)::int AS arrived
       FROM trains`,
    );
    expect(span).toEqual({ first: '2022-01', last: '2024-03', arrived: summary.trains });
    // Every train's history runs from its departure to its arrival, and every consignment was delivered.
    const [history] = await db.dataSource.query<{ departed: number; arrived: number; delivered: number }[]>(
      `SELECT count(*) FILTER (WHERE type = 'DEPARTED')::int AS departed,
         count(*) FILTER (WHERE type = 'ARRIVED')::int AS arrived,
         count(*) FILTER (WHERE type = 'DELIVERED')::int AS delivered
       FROM tracking_events`,
    );
    expect(history).toEqual({ departed: summary.trains, arrived: summary.trains, delivered: summary.consignments });

    const byYear = await db.dataSource.query<{ year: string; value: string }[]>(
      `SELECT to_char(month, 'YYYY') AS year, sum(value)::text AS value FROM export_figures_monthly GROUP BY 1 ORDER BY 1`,
    );
    expect(byYear.map((row) => [row.year, Number(row.value)])).toEqual([
      ['2022', 12.51 * BN],
      ['2023', 25.83 * BN],
      ['2024', 8.6 * BN],
    ]);
  });

  it('adds nothing when the dataset is already there', async () => {
    const before = await Promise.all(['trains', 'vehicles', 'organizations', 'tracking_events'].map(count));
    const summary = await loadDemo(client, 0.001);
    expect(summary.loaded).toBe(false);
    expect(await Promise.all(['trains', 'vehicles', 'organizations', 'tracking_events'].map(count))).toEqual(before);
  });
});
