import ExcelJS from 'exceljs';
import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { Consignment } from './support/api-types.js';
import { aConsignment, aContainerNumber, aFlatCarrying, aTrain, aVehicle, aVin } from './support/factories.js';
import { bytesOf, csvCellsAsShown, libreOfficeCsv, sofficePath, xlsxCells } from './support/spreadsheets.js';
import { XLSX_TYPE as XLSX } from './support/xlsx-files.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const problemType = (slug: string) => `https://landbridge.dev/problems/${slug}`;

/** A consignee name that a spreadsheet would run as a formula, were it not written as text. */
const FORMULA = '=HYPERLINK("http://evil.example/x","open")';

const soffice = sofficePath();

describe('manifests out as XLSX: the same rows as the CSV, in a file spreadsheets open', () => {
  let api: TestApp;
  let operator: Actor;
  let exporterA: Actor;
  let exporterB: Actor;
  let staff: ApiClient;

  beforeAll(async () => {
    api = await startTestApp();
    [operator, exporterA, exporterB] = await Promise.all([
      createActor(api, 'operator'),
      createActor(api, 'exporter', `Exporter A ${aVin().slice(-6)}`),
      createActor(api, 'exporter', `Exporter B 发货人 ${aVin().slice(-6)}`),
    ]);
    staff = api.as(operator);
  });
  afterAll(() => api.close());

  const book = (who: Actor, vehicles: ReturnType<typeof aVehicle>[], consigneeName = 'ООО «Автодом»') =>
    api.as(who).bookConsignment(aConsignment(0, { vehicles, consignee: { name: consigneeName, country: 'RU' } }));

  /** A train with a consist of two flats, loaded with vehicles of two exporters in two currencies. */
  async function aLoadedTrain() {
    const train = await staff.createTrain(aTrain());
    const [c1, c2, c3] = [aContainerNumber(), aContainerNumber(), aContainerNumber()];
    const wagons = [aFlatCarrying(1, [c1, c2]), aFlatCarrying(2, [c3])];
    await staff.putConsist(train.id, { wagons });
    const a = await book(exporterA, [
      aVehicle({ declaredValue: { amount: '100000.50', currency: 'CNY' } }),
      aVehicle({ model: '+Song', declaredValue: { amount: '200000.00', currency: 'CNY' } }),
      aVehicle({ make: '比亚迪', declaredValue: { amount: '15000.00', currency: 'USD' } }),
    ]);
    const b = await book(exporterB, [aVehicle({ declaredValue: { amount: '99.99', currency: 'CNY' } })], FORMULA);
    const vins = (consignment: Consignment) => consignment.vehicles.map((vehicle) => vehicle.vin);
    await staff.load(train.id, { unit: { kind: 'container', number: c1 }, vins: vins(a).slice(0, 2) });
    await staff.load(train.id, { unit: { kind: 'container', number: c2 }, vins: vins(a).slice(2) });
    await staff.load(train.id, { unit: { kind: 'container', number: c3 }, vins: vins(b) });
    return { train, wagons, vehicles: 4 };
  }

  /** The CSV and the XLSX of one GET, both as a spreadsheet shows them; and the XLSX answer's particulars. */
  async function bothFormats(path: (accept: string) => ReturnType<ApiClient['trainManifest']>, width: number) {
    const csv = csvCellsAsShown(await path('text/csv'));
    const call = path(XLSX);
    const response = await call.response;
    expect(response.status).toBe(200);
    const xlsx = await xlsxCells(await bytesOf(response), width);
    return { csv, xlsx, response };
  }

  describe('GET /trains/:id/manifest', () => {
    it('writes the same rows as the CSV, totals per exporter included, as an XLSX download', async () => {
      const { train } = await aLoadedTrain();
      const { csv, xlsx, response } = await bothFormats((accept) => staff.trainManifest(train.id, accept), 13);

      expect(response.headers.get('content-type')).toBe(XLSX);
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="manifest-${train.trainNumber}.xlsx"`,
      );
      expect(xlsx.sheetName).toBe('Manifest');
      expect(csv).toHaveLength(1 + 4 + 1 + 3); // header, vehicles, a row of empty cells, totals
      expect(xlsx.rows).toEqual(csv);
      expect(csv.at(-1)?.[0]).toBe('TOTAL');
    });

    it('writes declared values and vehicle counts as numbers, and every other cell (formula-like too) as text', async () => {
      const { train } = await aLoadedTrain();
      const { xlsx } = await bothFormats((accept) => staff.trainManifest(train.id, accept), 13);
      const [header, ...rows] = xlsx.rows;
      const column = (name: string) => header!.indexOf(name);
      const typesOf = (name: string) => xlsx.types.slice(1).map((types) => types[column(name)]);

      const vehicleRows = xlsx.types.slice(1, 5);
      expect(vehicleRows.every((types) => types[column('declaredValue')] === ExcelJS.ValueType.Number)).toBe(true);
      expect(typesOf('vehicleCount').slice(-3)).toEqual(Array(3).fill(ExcelJS.ValueType.Number));
      expect(typesOf('consigneeName')).not.toContain(ExcelJS.ValueType.Formula);
      expect(rows.map((row) => row[column('consigneeName')])).toContain(FORMULA);
      expect(rows.map((row) => row[column('model')])).toContain('+Song');
      expect(rows.map((row) => row[column('declaredValue')])).toEqual(
        expect.arrayContaining(['100000.50', '300000.50', '99.99', '15000.00']),
      );
      // The VIN, unit and wagon columns stay text: a wagon number is never turned into 3.133e11.
      for (const name of ['wagonNumber', 'unitNumber', 'vin']) {
        expect(typesOf(name).slice(0, 4)).toEqual(Array(4).fill(ExcelJS.ValueType.String));
      }
    });

    (soffice ? it : it.skip)(
      soffice
        ? 'opens in LibreOffice: Calc converts the XLSX to the same CSV as the CSV export'
        : 'opens in LibreOffice (SKIPPED: soffice is not installed; apt-get install libreoffice-calc-nogui)',
      async () => {
        const { train } = await aLoadedTrain();
        const csv = csvCellsAsShown(await staff.trainManifest(train.id, 'text/csv'));
        const xlsx = await bytesOf(staff.trainManifest(train.id, XLSX).response);

        const converted = await libreOfficeCsv(soffice!, xlsx);

        expect(csv).toHaveLength(9);
        expect(csvCellsAsShown(converted)).toEqual(csv);
      },
      90_000,
    );

    it('re-imports the XLSX manifest of a loaded train as an identical loading list on a fresh train', async () => {
      const { train, wagons, vehicles } = await aLoadedTrain();
      const exported = await bytesOf(staff.trainManifest(train.id, XLSX).response);
      const csvBefore = await staff.trainManifest(train.id, 'text/csv');

      // The first train is cancelled: its vehicles and containers are free for the fresh one.
      await staff.updateTrain(train.id, { status: 'cancelled' });
      const fresh = await staff.createTrain(aTrain());
      await staff.putConsist(fresh.id, { wagons });
      expect(await staff.uploadLoadingList(fresh.id, exported)).toEqual({
        trainId: fresh.id,
        loaded: vehicles,
        units: 3,
      });

      const again = await bytesOf(staff.trainManifest(fresh.id, XLSX).response);
      expect((await xlsxCells(again, 13)).rows).toEqual((await xlsxCells(exported, 13)).rows);
      expect(await staff.trainManifest(fresh.id, 'text/csv')).toBe(csvBefore);
    });

    it('answers 406 for a format that is neither CSV nor XLSX, and CSV for a wildcard', async () => {
      const train = await staff.createTrain(aTrain());
      const problem = await staff.trainManifest(train.id, 'application/pdf').expectProblem(406);
      expect(problem.type).toBe(problemType('not-acceptable'));
      expect(problem.detail).toContain(XLSX);
      const call = staff.trainManifest(train.id, 'application/pdf, */*;q=0.1');
      await call;
      expect((await call.response).headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const { rows } = await xlsxCells(await bytesOf(staff.trainManifest(train.id, XLSX).response), 13);
      expect(rows).toHaveLength(1);
      await staff.trainManifest('00000000-0000-4000-8000-000000000000', XLSX).expectProblem(404);
      await api.as(exporterA).trainManifest(train.id, XLSX).expectProblem(403);
    });
  });

  describe('templates', () => {
    it.each(['consignments', 'loading-list'] as const)(
      'offers the %s template as XLSX with the CSV template’s header and example row',
      async (kind) => {
        const csv = csvCellsAsShown(await staff.manifestTemplate(kind));
        const response = await staff.manifestTemplate(kind, { headers: { accept: XLSX } }).response;
        expect(response.headers.get('content-type')).toBe(XLSX);
        expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${kind}-template.xlsx"`);
        const xlsx = await xlsxCells(await bytesOf(response), csv[0]!.length);
        expect(csv).toHaveLength(2);
        expect(xlsx.rows).toEqual(csv);
        expect(xlsx.types.flat().every((type) => type === ExcelJS.ValueType.String)).toBe(true);
      },
    );

    it('answers 406 for a template in another format', async () => {
      const problem = await staff
        .manifestTemplate('loading-list', { headers: { accept: 'application/json' } })
        .expectProblem(406);
      expect(problem.type).toBe(problemType('not-acceptable'));
    });
  });

  describe('GET /consignments as XLSX', () => {
    it('lists the same rows as the CSV, scoped to the exporter, with declared values as numbers', async () => {
      const ownB = await book(exporterB, [aVehicle({ make: '吉利' })]);
      const ownA = await book(exporterA, [
        aVehicle({ declaredValue: { amount: '7.05', currency: 'USD' } }),
        aVehicle(),
      ]);
      const client = api.as(exporterA);

      const { csv, xlsx, response } = await bothFormats((accept) => client.consignmentsExport({}, accept), 12);

      expect(response.headers.get('content-disposition')).toBe('attachment; filename="consignments.xlsx"');
      expect(xlsx.rows).toEqual(csv);
      const [header, ...rows] = xlsx.rows;
      const waybills = rows.map((row) => row[header!.indexOf('waybillNumber')]);
      expect(waybills).toContain(ownA.waybillNumber);
      expect(waybills).not.toContain(ownB.waybillNumber);
      expect(rows.every((row) => row[header!.indexOf('exporterId')] === exporterA.organizationId)).toBe(true);
      const value = header!.indexOf('declaredValue');
      expect(xlsx.types.slice(1).every((types) => types[value] === ExcelJS.ValueType.Number)).toBe(true);
      expect(rows.map((row) => row[value])).toContain('7.05');

      const forB = await xlsxCells(await bytesOf(api.as(exporterB).consignmentsExport({}, XLSX).response), 12);
      expect(forB.rows.map((row) => row[0])).toContain(ownB.waybillNumber);
      expect(forB.rows.map((row) => row[0])).not.toContain(ownA.waybillNumber);
    });

    it('stays JSON for a wildcard or JSON Accept', async () => {
      for (const accept of ['*/*', 'application/json', `application/json, ${XLSX};q=0`]) {
        const call = staff.consignmentsExport({ limit: 1 }, accept);
        await call;
        expect((await call.response).headers.get('content-type')).toMatch(/^application\/json/);
      }
    });
  });
});
