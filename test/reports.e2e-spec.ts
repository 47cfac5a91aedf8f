import pg from 'pg';
import { loadDemo } from '../apps/demo/src/demo-loader.js';
import { type Actor, createActor } from './support/actors.js';
import type { Powertrain } from './support/api-types.js';
import { aVehicle } from './support/factories.js';
import { departedTrain } from './support/scenarios.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('reports: exports by period', () => {
  let api: TestApp;
  let operator: Actor;
  let exporterA: Actor;
  let exporterB: Actor;

  const report = async (query: string, who: Actor = operator) => (await api.as(who).exportReport(query)).items;
  const car = (powertrain: Powertrain, amount: string) =>
    aVehicle({ powertrain, declaredValue: { amount, currency: 'CNY' } });

  beforeAll(async () => {
    api = await startTestApp();
    operator = await createActor(api, 'operator');
    exporterA = await createActor(api, 'exporter');
    exporterB = await createActor(api, 'exporter');
  });
  afterAll(() => api.close());

  it('gives the provincial figures on the demo dataset, and loading it again changes nothing', async () => {
    const client = new pg.Client({ connectionString: api.database.url });
    await client.connect();
    try {
      expect((await loadDemo(client, 0.01)).loaded).toBe(true);
      const check = async () => {
        const [janFeb2024] = await report('from=2024-01-01&to=2024-02-29&groupBy=year');
        expect(janFeb2024).toEqual(
          expect.objectContaining({
            period: '2024',
            value: { amount: '5500000000.00', currency: 'CNY' },
            nevValue: { amount: '1800000000.00', currency: 'CNY' },
            valueYoYPct: 60,
            nevValueYoYPct: 300,
          }),
        );
        const [y2023] = await report('from=2023-01-01&to=2023-12-31&groupBy=year');
        expect(y2023!.value.amount).toBe('25830000000.00');
        expect(y2023!.valueYoYPct).toBeCloseTo(106.6, -0.5);
        const months = await report('from=2022-01-01&to=2024-03-31&groupBy=month');
        expect(months.map((m) => m.period)).toHaveLength(27);
        expect(months[0]).toEqual(expect.objectContaining({ period: '2022-01', valueYoYPct: null }));
        const quarters = await report('from=2022-01-01&to=2024-03-31&groupBy=quarter');
        expect(quarters.map((q) => q.period).slice(0, 2)).toEqual(['2022-Q1', '2022-Q2']);
      };
      await check();
      expect((await loadDemo(client, 0.01)).loaded).toBe(false);
      await check();
    } finally {
      await client.end();
    }
  });

  it("counts by departure day in China time, and an exporter's report only its own consignments", async () => {
    // 23:30 on 29 February in Zhengzhou is 15:30 UTC: February, not March.
    await departedTrain(api, operator, exporterA, {
      vehicles: [car('BEV', '200000.00'), car('ICE', '100000.00')],
      departedAt: '2024-02-29T23:30:00+08:00',
    });
    await departedTrain(api, operator, exporterA, {
      vehicles: [car('PHEV', '150000.00')],
      departedAt: '2024-03-01T00:30:00+08:00',
    });
    await departedTrain(api, operator, exporterB, {
      vehicles: [car('ICE', '90000.00')],
      departedAt: '2024-02-10T09:30:00+08:00',
    });

    const mine = await report('from=2024-02-01&to=2024-03-31&groupBy=month', exporterA);
    expect(mine).toEqual([
      expect.objectContaining({
        period: '2024-02',
        vehicles: 2,
        value: { amount: '300000.00', currency: 'CNY' },
        nevVehicles: 1,
      }),
      expect.objectContaining({
        period: '2024-03',
        vehicles: 1,
        value: { amount: '150000.00', currency: 'CNY' },
        nevVehicles: 1,
      }),
    ]);
    expect(mine[0]!.valueYoYPct).toBeNull(); // nothing of A's a year before
    // Part months (the daily figures) agree with whole ones (the monthly figures).
    const partly = await report('from=2024-02-29&to=2024-03-01&groupBy=month', exporterA);
    expect(partly.map((row) => [row.period, row.vehicles, row.value.amount])).toEqual([
      ['2024-02', 2, '300000.00'],
      ['2024-03', 1, '150000.00'],
    ]);
    const staffForA = await report(
      `from=2024-02-01&to=2024-03-31&groupBy=month&exporterId=${exporterA.organizationId}`,
    );
    expect(staffForA).toEqual(mine);
    const theirs = await report('from=2024-02-01&to=2024-03-31&groupBy=month', exporterB);
    expect(theirs.map((row) => row.vehicles)).toEqual([1, 0]);

    await api
      .as(exporterA)
      .exportReport({ from: '2024-02-01', to: '2024-03-31', exporterId: exporterB.organizationId })
      .expectStatus(422);
  });

  it('lists values declared in other currencies per currency in otherValues, never in the CNY value', async () => {
    const exporter = await createActor(api, 'exporter');
    const valued = (powertrain: Powertrain, amount: string, currency: string) =>
      aVehicle({ powertrain, declaredValue: { amount, currency } });
    await departedTrain(api, operator, exporter, {
      vehicles: [valued('ICE', '30000.00', 'USD'), valued('BEV', '25000.50', 'EUR'), valued('ICE', '80000.00', 'CNY')],
      departedAt: '2023-05-10T09:30:00+08:00',
    });
    await departedTrain(api, operator, exporter, {
      vehicles: [valued('ICE', '12000.00', 'USD')],
      departedAt: '2023-05-31T23:30:00+08:00',
    });

    const months = await report('from=2023-04-01&to=2023-05-31&groupBy=month', exporter);
    expect(months).toEqual([
      expect.objectContaining({ period: '2023-04', vehicles: 0, otherValues: [] }),
      expect.objectContaining({
        period: '2023-05',
        vehicles: 4,
        value: { amount: '80000.00', currency: 'CNY' },
        nevVehicles: 1,
        nevValue: { amount: '0.00', currency: 'CNY' },
        otherValues: [
          { amount: '25000.50', currency: 'EUR' },
          { amount: '42000.00', currency: 'USD' },
        ],
      }),
    ]);
    // A part of the month (the daily figures) and staff asking for this exporter agree.
    const lastDay = await report(`from=2023-05-31&to=2023-05-31&exporterId=${exporter.organizationId}`);
    expect(lastDay[0]!.otherValues).toEqual([{ amount: '12000.00', currency: 'USD' }]);
    // Another exporter sees none of them.
    const theirs = await report('from=2023-05-01&to=2023-05-31', exporterB);
    expect(theirs[0]!.otherValues).toEqual([]);
  });

  it('refuses dates that are not days, a reversed range and an unknown grouping (422)', async () => {
    for (const query of [
      'from=2024-02-30&to=2024-03-01',
      'from=2024-03-01&to=2024-02-01',
      'from=2024-01-01&to=2024-02-01&groupBy=week',
      'from=2024-01&to=2024-02-01',
      'to=2024-02-01',
    ]) {
      const response = await api.as(operator).exportReport(query).response;
      expect(`${query}: ${response.status}`).toBe(`${query}: 422`);
    }
  });
});
