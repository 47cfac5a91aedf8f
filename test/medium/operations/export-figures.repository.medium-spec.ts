import { ExportFiguresService } from '../../../libs/operations/src/export-figures/export-figures.service.js';
import { CreateExportOtherValues1795960300000 } from '../../../libs/operations/src/migrations/1795960300000-create-export-other-values.js';
import { aVehicle, aWaybillNumber } from '../../support/factories.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { aContainer, anExporter, aPlannedTrain, operationsOn } from './operations-fixtures.js';

describe('ExportFiguresRepository on a real database', () => {
  let db: MediumDatabase;
  let ops: ReturnType<typeof operationsOn>;
  let figures: ExportFiguresService;
  let exporterA: string;
  let exporterB: string;

  beforeAll(async () => {
    db = await openMediumDatabase();
    ops = operationsOn(db.dataSource);
    figures = new ExportFiguresService(ops.figures);
    exporterA = await anExporter(db.dataSource);
    exporterB = await anExporter(db.dataSource);
  });
  afterAll(() => db.close());

  /** A train departed at `departedAt` carrying, per exporter, vehicles of the given powertrain and value. */
  const aDepartedTrain = async (departedAt: string, cargo: [string, 'BEV' | 'ICE', string, string][]) => {
    const train = await aPlannedTrain(ops.trainRows);
    const vins: string[] = [];
    for (const [exporterId, powertrain, amount, currency] of cargo) {
      const vehicle = aVehicle({ powertrain, declaredValue: { amount, currency } });
      await db.dataSource.transaction((em) =>
        ops.consignmentRows.insert(em, {
          waybillNumber: aWaybillNumber(),
          exporterId,
          consignee: { name: 'Avtodom Trading LLC', country: 'RU' },
          originStationCode: 'CNZGZ',
          destinationStationCode: 'RUMOW',
          vehicles: [vehicle],
        }),
      );
      vins.push(vehicle.vin);
    }
    await ops.loadings.load(train.id, { unit: aContainer(), vins });
    const journey = {
      status: 'departed' as const,
      departedAt: new Date(departedAt),
      arrivedAt: null,
      currentStationCode: 'CNZGZ',
      eta: null,
      borderDwell: [],
    };
    await db.dataSource.transaction((em) => ops.trains.applyJourney(em, train, journey));
    return train;
  };

  it('adds a departed train to the figures of its day and month of departure in China time, once', async () => {
    // 2024-01-31 20:00 UTC is 1 February in China.
    const train = await aDepartedTrain('2024-01-31T20:00:00Z', [
      [exporterA, 'BEV', '200000.00', 'CNY'],
      [exporterA, 'ICE', '100000.00', 'CNY'],
      [exporterA, 'ICE', '9000.00', 'EUR'],
      [exporterB, 'ICE', '50000.00', 'CNY'],
    ]);
    // Applying the same journey again (an event that changes nothing) adds nothing.
    await db.dataSource.transaction(async (em) =>
      ops.trains.applyJourney(em, (await ops.trainRows.findById(train.id))!, {
        status: 'departed',
        departedAt: new Date('2024-01-31T20:00:00Z'),
        arrivedAt: null,
        currentStationCode: 'CNERC',
        eta: null,
        borderDwell: [],
      }),
    );

    expect(
      await db.dataSource.query(
        'SELECT day::text, vehicles, value::text, nev_vehicles, nev_value::text FROM export_figures_daily WHERE exporter_id = $1',
        [exporterA],
      ),
    ).toEqual([{ day: '2024-02-01', vehicles: 3, value: '300000.00', nev_vehicles: 1, nev_value: '200000.00' }]);
    expect(
      await db.dataSource.query('SELECT month::text, vehicles FROM export_figures_monthly WHERE exporter_id = $1', [
        exporterB,
      ]),
    ).toEqual([{ month: '2024-02-01', vehicles: 1 }]);
    // The EUR vehicle is counted above, and its value kept apart, by currency.
    expect(
      await db.dataSource.query(
        `SELECT 'day' AS kind, day::text AS at, currency, value::text FROM export_other_values_daily WHERE exporter_id = $1
         UNION ALL
         SELECT 'month', month::text, currency, value::text FROM export_other_values_monthly WHERE exporter_id = $1
         ORDER BY 1`,
        [exporterA],
      ),
    ).toEqual([
      { kind: 'day', at: '2024-02-01', currency: 'EUR', value: '9000.00' },
      { kind: 'month', at: '2024-02-01', currency: 'EUR', value: '9000.00' },
    ]);
  });

  it('sums by period from whole months and the days either side, for all exporters or one', async () => {
    await aDepartedTrain('2024-03-10T04:00:00Z', [[exporterA, 'BEV', '1000.00', 'CNY']]);
    await aDepartedTrain('2024-04-20T04:00:00Z', [[exporterB, 'ICE', '2000.00', 'CNY']]);
    await aDepartedTrain('2024-05-02T04:00:00Z', [[exporterA, 'ICE', '4000.00', 'CNY']]);

    // 15 March to 3 May: 15–31 March and 1–2 May by day, April whole.
    expect(await figures.sum('month', '2024-03-15', '2024-05-03')).toEqual([
      { period: '2024-04-01', vehicles: 1, value: '2000.00', nevVehicles: 0, nevValue: '0.00', otherValues: [] },
      { period: '2024-05-01', vehicles: 1, value: '4000.00', nevVehicles: 0, nevValue: '0.00', otherValues: [] },
    ]);
    expect(await figures.sum('quarter', '2024-01-01', '2024-07-01', exporterA)).toEqual([
      {
        period: '2024-01-01',
        vehicles: 4,
        value: '301000.00',
        nevVehicles: 2,
        nevValue: '201000.00',
        otherValues: [{ amount: '9000.00', currency: 'EUR' }],
      },
      { period: '2024-04-01', vehicles: 1, value: '4000.00', nevVehicles: 0, nevValue: '0.00', otherValues: [] },
    ]);
  });

  it('sums the values of other currencies per currency and period, whole months and days alike', async () => {
    const exporter = await anExporter(db.dataSource);
    // 31 July 2025 (China time) by day, August whole, 1 September by day.
    await aDepartedTrain('2025-07-31T04:00:00Z', [
      [exporter, 'ICE', '10000.00', 'USD'],
      [exporter, 'BEV', '500.50', 'RUB'],
    ]);
    await aDepartedTrain('2025-08-12T04:00:00Z', [
      [exporter, 'ICE', '2500.25', 'USD'],
      [exporter, 'ICE', '7000.00', 'CNY'],
    ]);
    await aDepartedTrain('2025-09-01T04:00:00Z', [[exporter, 'ICE', '100.00', 'USD']]);

    expect(await figures.sum('quarter', '2025-07-31', '2025-09-02', exporter)).toEqual([
      {
        period: '2025-07-01',
        vehicles: 5,
        value: '7000.00',
        nevVehicles: 1,
        nevValue: '0.00',
        otherValues: [
          { amount: '500.50', currency: 'RUB' },
          { amount: '12600.25', currency: 'USD' },
        ],
      },
    ]);
    const months = await figures.sum('month', '2025-07-31', '2025-09-02', exporter);
    expect(months.map((row) => [row.period, row.otherValues])).toEqual([
      [
        '2025-07-01',
        [
          { amount: '500.50', currency: 'RUB' },
          { amount: '10000.00', currency: 'USD' },
        ],
      ],
      ['2025-08-01', [{ amount: '2500.25', currency: 'USD' }]],
      ['2025-09-01', [{ amount: '100.00', currency: 'USD' }]],
    ]);
  });

  it('has its migration add the other-currency values of the trains that departed before it', async () => {
    const everything = () =>
      db.dataSource.query(
        `SELECT 'day' AS kind, day::text AS at, exporter_id, currency, value::text FROM export_other_values_daily
         UNION ALL
         SELECT 'month', month::text, exporter_id, currency, value::text FROM export_other_values_monthly
         ORDER BY 1, 2, 3, 4`,
      );
    const before = await everything();
    expect(before.length).toBeGreaterThan(4);
    const runner = db.dataSource.createQueryRunner();
    try {
      const migration = new CreateExportOtherValues1795960300000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await everything()).toEqual(before);
  });
});
