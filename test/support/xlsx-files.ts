/**
 * XLSX files for tests: ordinary workbooks written by exceljs (as a spreadsheet application would), and
 * packages written part by part from XML text with fflate's streaming zip, for files that no application
 * writes (bombs, a million columns, external links) without holding them in memory.
 */
import ExcelJS from 'exceljs';
import { strToU8, Zip, ZipDeflate } from 'fflate';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A cell as exceljs writes it: text, a number, or a formula with its cached result. */
type Cell = string | number | { formula: string; result: string | number };

/** A workbook with one sheet of these rows (the first row the header), as exceljs writes it. */
export async function xlsxOf(rows: Cell[][], sheetName = 'Manifest'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const OFFICE_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts every package needs: content types, the workbook with one sheet, and its relationships. */
const WORKBOOK_PARTS: [string, string][] = [
  [
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/></Types>',
  ],
  [
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${OFFICE_RELS}">` +
      '<sheets><sheet name="Manifest" sheetId="1" r:id="rId1"/></sheets></workbook>',
  ],
  [
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${OFFICE_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  ],
];

/** A worksheet part around these `<row>` elements. */
export function* sheetPart(rows: Iterable<string>): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`;
  yield* rows;
  yield '</sheetData></worksheet>';
}

/** An inline-string cell. */
const textCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** The column letters of a 0-based column index (A, …, Z, AA, …), with no upper bound. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A data row of text cells from column A. */
export const textRow = (row: number, cells: string[]) =>
  `<row r="${row}">${cells.map((text, i) => textCell(`${columnLetters(i)}${row}`, text)).join('')}</row>`;

/**
 * A package of the workbook parts, sheet1 with these XML pieces, and the extra parts, each deflated as a
 * stream: a part of hundreds of megabytes never exists whole, only its compressed bytes do.
 */
export function streamedXlsx(sheet: Iterable<string>, extra: [string, Iterable<string>][] = []): Buffer {
  const out: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    out.push(chunk);
  });
  const parts: [string, Iterable<string>][] = [...WORKBOOK_PARTS, ...extra, ['xl/worksheets/sheet1.xml', sheet]];
  for (const [name, pieces] of parts) {
    const file = new ZipDeflate(name, { level: 1 });
    zip.add(file);
    for (const piece of pieces) file.push(strToU8(piece));
    file.push(new Uint8Array(0), true);
  }
  zip.end();
  return Buffer.concat(out);
}

/** `piece` repeated until at least `bytes` have been given, in slices of about a megabyte. */
export function* repeated(piece: string, bytes: number): Generator<string> {
  const slice = piece.repeat(Math.max(1, Math.floor(2 ** 20 / piece.length)));
  for (let given = 0; given < bytes; given += slice.length) yield slice;
}
