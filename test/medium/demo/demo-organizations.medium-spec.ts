import pg from 'pg';
import { describeDemo, loadDemo } from '../../../apps/demo/src/demo-loader.js';
import { DEMO_EXPORTERS } from '../../../apps/demo/src/demo-plan.js';
import { DemoNameTakenError } from '../../../apps/demo/src/demo.repository.js';
import { OrganizationsRepository } from '../../../libs/identity/src/organizations/organizations.repository.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';

/** The demo keeps to organizations of its own (marked demo) and never adds its data to a real one. */
describe('the demo’s organizations', () => {
  let db: MediumDatabase;
  let client: pg.Client;
  const realExporter = async (name: string) =>
    (await new OrganizationsRepository(db.dataSource).insert({ name, kind: 'exporter' }))!.id;
  const consignmentsOf = async (organizationId: string) =>
    (
      await db.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM consignments WHERE exporter_id = $1', [
        organizationId,
      ])
    )[0]!.n;

  beforeEach(async () => {
    db = await openMediumDatabase();
    client = new pg.Client({ connectionString: db.database.url });
    await client.connect();
  });
  afterEach(async () => {
    await client.end();
    await db.close();
  });

  it('leaves a real exporter of a demo maker’s name alone, and reuses only its own organizations', async () => {
    // A real organization under the name the demo used to give Yutong, and a demo one of an earlier run.
    const yutong = DEMO_EXPORTERS.find((e) => e.key === 'yutong')!;
    const real = await realExporter(yutong.name.replace(/ \(demo\)$/, ''));
    const haima = DEMO_EXPORTERS.find((e) => e.key === 'haima')!.name;
    await db.dataSource.query(`INSERT INTO organizations (name, kind, demo) VALUES ($1, 'exporter', true)`, [haima]);

    const summary = await loadDemo(client, 0.001);

    expect(summary.loaded).toBe(true);
    expect(await consignmentsOf(real)).toBe(0);
    const owners = await db.dataSource.query<{ name: string; demo: boolean }[]>(
      `SELECT DISTINCT o.name, o.demo FROM consignments c JOIN organizations o ON o.id = c.exporter_id ORDER BY 1`,
    );
    expect(owners).toEqual(DEMO_EXPORTERS.map((e) => ({ name: e.name, demo: true })).sort(byName));
    expect([...summary.organizations].sort(byName)).toEqual(
      DEMO_EXPORTERS.map((e) => ({ name: e.name, created: e.name !== haima })).sort(byName),
    );
    expect(describeDemo(summary, 1.5)).toBe(
      `loaded ${summary.trains} trains, ${summary.consignments} consignments, ${summary.vehicles} vehicles in 1.5 s, ` +
        `for the demo's own exporter organizations (marked demo): ` +
        summary.organizations.map((o) => `${o.name} (${o.name === haima ? 'reused' : 'created'})`).join('; '),
    );

    const again = await loadDemo(client, 0.001);
    expect(again.loaded).toBe(false);
    expect(again.organizations).toEqual(summary.organizations.map(({ name }) => ({ name, created: false })));
    expect(describeDemo(again, 0)).toMatch(
      /nothing added\. Demo organizations: .*Yutong Bus Co\., Ltd\. \(demo\) \(reused\)/,
    );
    expect(await consignmentsOf(real)).toBe(0);
  });

  it('refuses, adding nothing, when a real organization has the name of a demo exporter', async () => {
    const byd = DEMO_EXPORTERS.find((e) => e.key === 'byd')!.name;
    const real = await realExporter(byd.toUpperCase());

    const refused = await loadDemo(client, 0.001).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(DemoNameTakenError);
    expect((refused as Error).message).toContain(byd.toUpperCase());
    expect(await consignmentsOf(real)).toBe(0);
    const [left] = await db.dataSource.query<{ trains: number; organizations: number }[]>(
      `SELECT (SELECT count(*)::int FROM trains) AS trains, (SELECT count(*)::int FROM organizations) AS organizations`,
    );
    expect(left).toEqual({ trains: 0, organizations: 1 });
  });
});

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
