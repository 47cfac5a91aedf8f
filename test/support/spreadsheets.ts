import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** What makes a spreadsheet read a cell as a formula; the CSV export puts a `'` before it. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The bytes of an answer (for XLSX, which text() would mangle). */
export async function bytesOf(response: Response | Promise<Response>): Promise<Buffer> {
  return Buffer.from(await (await response).arrayBuffer());
}

/**
 * The first worksheet of an XLSX file as a reader sees it, every cell as the text shown: numbers in their
 * number format (`0.00` shows `300000.50`), empty cells as '', `width` cells a row. Also the cells' types.
 */
export async function xlsxCells(
  bytes: Buffer,
  width: number,
): Promise<{ rows: string[][]; types: ExcelJS.ValueType[][]; sheetName: string }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  const types: ExcelJS.ValueType[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells = Array.from({ length: width }, (_, c) => row.getCell(c + 1));
    rows.push(cells.map(shownText));
    types.push(cells.map((cell) => cell.type));
  }
  return { rows, types, sheetName: sheet.name };
}

function shownText(cell: ExcelJS.Cell): string {
  const { value } = cell;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    const places = /^0(?:\.(0+))?$/.exec(cell.numFmt ?? '');
    return places ? value.toFixed(places[1]?.length ?? 0) : String(value);
  }
  if (typeof value === 'string') return value;
  throw new Error(`unexpected cell ${cell.address}: ${JSON.stringify(value)}`);
}

/**
 * A CSV download's cells as a spreadsheet shows them: the `'` the export puts before formula-like text
 * (CSV injection guard) is what Excel hides, so it is dropped here to compare with XLSX, where such text is
 * a plain text cell.
 */
export function csvCellsAsShown(csv: string): string[][] {
  const rows: string[][] = parse(csv);
  return rows.map((row) =>
    row.map((cell) => (cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell)),
  );
}

/** The path of LibreOffice's `soffice`, or undefined when it is not installed. */
export function sofficePath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first sheet of an XLSX file as LibreOffice Calc saves it as CSV (comma, double quotes, UTF-8): a real
 * spreadsheet application opening the file. Each call uses its own profile directory, so that parallel runs
 * do not share LibreOffice's user installation (it locks it), and removes it after.
 */
export async function libreOfficeCsv(soffice: string, xlsx: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'landbridge-soffice-'));
  try {
    const input = join(dir, 'manifest.xlsx');
    await writeFile(input, xlsx);
    await promisify(execFile)(
      soffice,
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76',
        '--outdir',
        join(dir, 'out'),
        input,
      ],
      { timeout: 60_000 },
    );
    const [output] = await readdir(join(dir, 'out'));
    if (!output) throw new Error('LibreOffice wrote no CSV');
    return await readFile(join(dir, 'out', output), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
