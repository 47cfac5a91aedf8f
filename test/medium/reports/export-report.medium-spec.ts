import type { Caller } from '@landbridge/common';
import { ExportFiguresService } from '@landbridge/operations';
import pg from 'pg';
import { ExportFiguresRepository } from '../../../libs/operations/src/export-figures/export-figures.repository.js';
import { loadDemo } from '../../../apps/demo/src/demo-loader.js';
import { OtherExporterFiguresError } from '../../../libs/reports/src/exports/export-report-errors.js';
import { ExportReportService } from '../../../libs/reports/src/exports/export-report.service.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';

const staff: Caller = { userId: 'u', role: 'operator', organizationId: 'operator-org', credential: { kind: 'token' } };

describe('the export report on the demo dataset', () => {
  let db: MediumDatabase;
  let reports: ExportReportService;
  let byd: Caller;

  beforeAll(async () => {
    db = await openMediumDatabase();
    const client = new pg.Client({ connectionString: db.database.url });
    await client.connect();
    await loadDemo(client, 0.001).finally(() => client.end());
    reports = new ExportReportService(new ExportFiguresService(new ExportFiguresRepository(db.dataSource)));
    const [organization] = await db.dataSource.query<{ id: string }[]>(
      `SELECT id FROM organizations WHERE name = 'BYD Auto (Zhengzhou) Co., Ltd. (demo)'`,
    );
    byd = { userId: 'b', role: 'exporter', organizationId: organization!.id, credential: { kind: 'token' } };
  });
  afterAll(() => db.close());

  it('gives the provincial figures for January–February 2024: 5.5 bn (+60 %), 1.8 bn new-energy (+300 %)', async () => {
    const report = await reports.report(staff, { from: '2024-01-01', to: '2024-02-29', groupBy: 'year' });
    expect(report.items).toEqual([
      {
        period: '2024',
        vehicles: expect.any(Number) as number,
        value: { amount: '5500000000.00', currency: 'CNY' },
        nevVehicles: expect.any(Number) as number,
        nevValue: { amount: '1800000000.00', currency: 'CNY' },
        valueYoYPct: 60,
        nevValueYoYPct: 300,
        otherValues: [],
      },
    ]);
  });

  it('lists every month of a range, part-months from the daily figures', async () => {
    const report = await reports.report(staff, { from: '2023-12-15', to: '2024-03-31', groupBy: 'month' });
    expect(report.items.map((item) => item.period)).toEqual(['2023-12', '2024-01', '2024-02', '2024-03']);
    expect(report.items[3]!.value.amount).toBe('3100000000.00');
    const wholeDecember = await reports.report(staff, { from: '2023-12-01', to: '2023-12-31', groupBy: 'month' });
    expect(Number(report.items[0]!.value.amount)).toBeLessThan(Number(wholeDecember.items[0]!.value.amount));
  });

  it('shows an exporter its own figures only, and refuses another organization’s', async () => {
    const query = { from: '2024-01-01', to: '2024-03-31', groupBy: 'quarter' as const };
    const all = await reports.report(staff, query);
    const own = await reports.report(byd, query);
    expect(await reports.report(staff, { ...query, exporterId: byd.organizationId })).toEqual(own);
    expect(Number(own.items[0]!.value.amount)).toBeGreaterThan(0);
    expect(Number(own.items[0]!.value.amount)).toBeLessThan(Number(all.items[0]!.value.amount));

    const refused = reports.report(byd, { ...query, exporterId: '00000000-0000-4000-8000-000000000000' });
    await expect(refused).rejects.toBeInstanceOf(OtherExporterFiguresError);
    await expect(refused).rejects.toMatchObject({
      status: 422,
      message: 'Exporters see their own figures only',
      errors: [{ field: 'exporterId', message: 'must be your own organization (or omitted)' }],
    });
  });
});
