import { ExportFiguresService } from '../../../libs/operations/src/export-figures/export-figures.service.js';
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
  });

  it('sums by period from whole months and the days either side, for all exporters or one', async () => {
    await aDepartedTrain('2024-03-10T04:00:00Z', [[exporterA, 'BEV', '1000.00', 'CNY']]);
    await aDepartedTrain('2024-04-20T04:00:00Z', [[exporterB, 'ICE', '2000.00', 'CNY']]);
    await aDepartedTrain('2024-05-02T04:00:00Z', [[exporterA, 'ICE', '4000.00', 'CNY']]);

    // 15 March to 3 May: 15–31 March and 1–2 May by day, April whole.
    expect(await figures.sum('month', '2024-03-15', '2024-05-03')).toEqual([
      { period: '2024-04-01', vehicles: 1, value: '2000.00', nevVehicles: 0, nevValue: '0.00' },
      { period: '2024-05-01', vehicles: 1, value: '4000.00', nevVehicles: 0, nevValue: '0.00' },
    ]);
    expect(await figures.sum('quarter', '2024-01-01', '2024-07-01', exporterA)).toEqual([
      { period: '2024-01-01', vehicles: 4, value: '301000.00', nevVehicles: 2, nevValue: '201000.00' },
      { period: '2024-04-01', vehicles: 1, value: '4000.00', nevVehicles: 0, nevValue: '0.00' },
    ]);
  });
});
