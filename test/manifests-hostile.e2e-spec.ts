import { createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import { consignments, COLUMNS, csv, rowsOf } from './support/manifest-files.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import {
  manyRowsCsv,
  manyRowsXlsx,
  millionColumnsCsv,
  millionColumnsXlsx,
  sharedStringsBombXlsx,
  zipBombXlsx,
} from './support/hostile-files.js';
import { sheetPart, streamedXlsx, textRow, xlsxOf } from './support/xlsx-files.js';

const MB = 1_000_000;

/** Each hostile upload is built and refused well within this. */
const HOSTILE_TIMEOUT = 120_000;

/** One manifest row of valid values, as sheet cells. */
const aRow = () => rowsOf(consignments(1, 1))[0]!;

const englishHeader = COLUMNS.map((names) => names[0]);

describe('manifests: hostile uploads', () => {
  let api: TestApp;
  let staff: ApiClient;

  afterAll(() => api.close());
  beforeAll(async () => {
    api = await startTestApp();
    staff = api.as(await createActor(api, 'operator'));
  });

  /** The service still answers its health check, and still books an ordinary file. */
  async function stillServing(): Promise<void> {
    expect((await api.as().health()).status).toBe('ok');
    const exporter = api.as(await createActor(api, 'exporter'));
    const file = consignments(1, 2);
    expect(await exporter.bookConsignmentManifest(await xlsxOf([englishHeader, ...rowsOf(file)]))).toMatchObject({
      consignments: 1,
      vehicles: 2,
    });
    expect(await exporter.bookConsignmentManifest(csv(rowsOf(consignments(1, 1))))).toMatchObject({ vehicles: 1 });
  }

  it(
    'refuses a zip bomb XLSX inflating to 200 MB with 413, and keeps serving',
    async () => {
      const bomb = zipBombXlsx(englishHeader, aRow());
      expect(bomb.length).toBeLessThan(2 * MB);
      const problem = await staff.bookConsignmentManifest(bomb).expectProblem(413);
      expect(problem.detail).toContain('xl/worksheets/sheet1.xml inflates to more than');
      await stillServing();
    },
    HOSTILE_TIMEOUT,
  );

  it(
    'refuses a shared-strings bomb (a 200 MB string table behind a one-row sheet) with 413',
    async () => {
      const bomb = sharedStringsBombXlsx(englishHeader);
      expect(bomb.length).toBeLessThan(2 * MB);
      const problem = await staff.bookConsignmentManifest(bomb).expectProblem(413);
      expect(problem.detail).toContain('xl/sharedStrings.xml');
      await stillServing();
    },
    HOSTILE_TIMEOUT,
  );

  it(
    'refuses 60,000 rows with 413, as CSV and as XLSX, storing nothing',
    async () => {
      const exporter = api.as(await createActor(api, 'exporter'));
      const cells = aRow();
      cells[1] = '';
      const body = manyRowsCsv(englishHeader, cells, 60_000);
      expect((await exporter.bookConsignmentManifest(body).expectProblem(413)).detail).toContain('50000');
      const sheet = manyRowsXlsx(englishHeader, cells, 60_000);
      expect((await exporter.bookConsignmentManifest(sheet).expectProblem(413)).detail).toContain('rows');
      expect((await exporter.listConsignments()).items).toHaveLength(0);
      await stillServing();
    },
    HOSTILE_TIMEOUT,
  );

  it('refuses a CSV with a 10 MB field with 422 on its row and column, repeating only the start of it', async () => {
    const row = aRow();
    row[7] = 'B'.repeat(10 * MB);
    const problem = await staff.bookConsignmentManifest(csv([row])).expectProblem(422);
    expect(problem.errors).toEqual([expect.objectContaining({ row: 2, column: 'make' })]);
    expect(problem.errors![0]!.value!.length).toBeLessThan(300);
    await stillServing();
  });

  it(
    'refuses a row of a million columns with 422, as CSV and as XLSX',
    async () => {
      const wide = millionColumnsCsv(englishHeader);
      const problem = await staff.bookConsignmentManifest(wide).expectProblem(422);
      expect(problem.errors).toEqual([
        expect.objectContaining({ row: 2, message: expect.stringContaining('1000001 cells') }),
      ]);
      const sheet = millionColumnsXlsx(englishHeader);
      const refused = await staff.bookConsignmentManifest(sheet).expectProblem(422);
      expect(refused.errors).toEqual([expect.objectContaining({ field: 'file', column: 'file' })]);
      await stillServing();
    },
    HOSTILE_TIMEOUT,
  );

  it('refuses an XLSX with external links with 422 on the file field', async () => {
    const sheet = sheetPart([
      textRow(1, englishHeader),
      `<row r="2"><c r="A2" t="str"><f>[1]Sheet1!A1</f><v>${aRow()[0]}</v></c></row>`,
    ]);
    const link =
      '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></externalLink>';
    const file = streamedXlsx(sheet, [['xl/externalLinks/externalLink1.xml', [link]]]);
    const problem = await staff.bookConsignmentManifest(file).expectProblem(422);
    expect(problem.errors).toEqual([
      expect.objectContaining({
        field: 'file',
        message: expect.stringContaining('xl/externalLinks/externalLink1.xml'),
      }),
    ]);
    await stillServing();
  });

  it('stores formula text from CSV and XLSX as text, exports it with a leading apostrophe, and reads a real formula cell as its cached value', async () => {
    const exporter = api.as(await createActor(api, 'exporter'));
    const formula = '=HYPERLINK("http://x","y")';
    const [fromCsv, fromXlsx] = [rowsOf(consignments(1, 1))[0]!, rowsOf(consignments(1, 1))[0]!];
    fromCsv[2] = formula;
    fromXlsx[2] = formula;
    const { ids: csvIds } = await exporter.bookConsignmentManifest(csv([fromCsv]));
    const cells: (string | { formula: string; result: string })[] = [...fromXlsx];
    cells[8] = { formula: 'CONCATENATE("Song"," PLUS")', result: 'Song PLUS' };
    const { ids: xlsxIds } = await exporter.bookConsignmentManifest(await xlsxOf([englishHeader, cells]));

    for (const id of [csvIds![0]!, xlsxIds![0]!]) {
      expect((await exporter.getConsignment(id)).consignee.name).toBe(formula);
    }
    expect((await exporter.getConsignment(xlsxIds![0]!)).vehicles[0]!.model).toBe('Song PLUS');
    const exported = (await exporter.consignmentsCsv()).split('\r\n').filter((line) => line.includes('HYPERLINK'));
    expect(exported).toHaveLength(2);
    for (const line of exported) expect(line).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    await stillServing();
  });
});
