import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from '@jest/globals';
import { strToU8, zipSync } from 'fflate';
import { RowErrors, SpreadsheetTooLargeError } from './spreadsheet-errors.js';
import type { RawRow } from './spreadsheet-rows.js';
import { XLSX_LIMITS, type XlsxLimits, xlsxRows } from './xlsx-source.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const SHEET_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';

/** A worksheet part whose rows are `<row>` bodies keyed by their row number. */
const sheetXml = (rows: Record<number, string>) =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${Object.entries(rows)
    .map(([n, cells]) => `<row r="${n}">${cells}</row>`)
    .join('')}</sheetData></worksheet>`;

/**
 * A workbook package with these worksheets (in this zip order) and extra parts, written by hand so that
 * each test shows the XML it feeds the reader. Styles: index 1 is a date format.
 */
function workbook(sheets: string[], extra: Record<string, string> = {}, sharedStringsFirst = true): Buffer {
  const names = sheets.map((_, i) => `xl/worksheets/sheet${i + 1}.xml`);
  const parts: Record<string, string> = {
    '[Content_Types].xml': '<?xml version="1.0"?><Types/>',
    'xl/workbook.xml': `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
      .map((_, i) => `<sheet name="S${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="${RELS}">${sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${SHEET_REL}" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join('')}</Relationships>`,
    'xl/styles.xml': `<?xml version="1.0"?><styleSheet xmlns="${MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  };
  const strings = extra['xl/sharedStrings.xml'];
  const ordered: Record<string, Uint8Array> = {};
  const put = (name: string, text: string) => (ordered[name] = strToU8(text));
  for (const [name, text] of Object.entries(parts)) put(name, extra[name] ?? text);
  if (strings !== undefined && sharedStringsFirst) put('xl/sharedStrings.xml', strings);
  sheets.forEach((xml, i) => put(names[i]!, xml));
  for (const [name, text] of Object.entries(extra)) if (!ordered[name]) put(name, text);
  return Buffer.from(zipSync(ordered));
}

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

async function read(bytes: Buffer, limits: XlsxLimits = XLSX_LIMITS) {
  const errors = new RowErrors();
  const rows: RawRow[] = [];
  for await (const row of xlsxRows(bytes, errors, limits)) rows.push(row);
  return { rows, errors };
}

/** The row errors a read ended with, as the 422 problem lists them. */
function listed(errors: RowErrors) {
  try {
    errors.throwIfAny();
  } catch (error) {
    return (error as { errors: unknown[] }).errors;
  }
  return [];
}

describe('XLSX reading', () => {
  it('reads the first sheet as text: strings, numbers, rich text, cached formula results, dates', async () => {
    const strings = `<?xml version="1.0"?><sst xmlns="${MAIN}"><si><t>车架号</t></si><si><r><t>Song </t></r><r><t>PLUS</t></r></si></sst>`;
    const first = sheetXml({
      1: `<c r="A1" t="s"><v>0</v></c>${inline('B1', 'Марка')}${inline('C1', 'value')}${inline('D1', 'date')}`,
      // Row 2 is missing; row 3 has a gap in column B.
      3: `${inline('A3', 'LGXCH4CD3S2107503')}<c r="C3"><v>152000.5</v></c><c r="D3" s="1"><v>45658</v></c>`,
      4: `<c r="A4" t="str"><f>HYPERLINK("http://x","y")</f><v>y</v></c><c r="B4" t="s"><v>1</v></c><c r="C4"><f>1+1</f><v>2</v></c><c r="D4"><f>NOW()</f></c>`,
      5: `<c r="A5"><v>1E-7</v></c><c r="B5" t="b"><v>1</v></c><c r="C5" t="e"><v>#N/A</v></c>`,
    });
    const second = sheetXml({ 1: inline('A1', 'other sheet') });
    const { rows, errors } = await read(workbook([first, second], { 'xl/sharedStrings.xml': strings }));
    expect(errors.count).toBe(0);
    expect(rows).toEqual([
      { row: 1, cells: ['车架号', 'Марка', 'value', 'date'] },
      { row: 3, cells: ['LGXCH4CD3S2107503', '', '152000.5', '2025-01-01'] },
      { row: 4, cells: ['y', 'Song PLUS', '2', ''] },
      { row: 5, cells: ['0.0000001', 'TRUE', '#N/A'] },
    ]);
  });

  it('reads the sheet the workbook lists first, whatever the order of the parts', async () => {
    const tabs = `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Manifest" r:id="rId2" sheetId="7"/><sheet name="Notes" sheetId="1" r:id="rId1"/></sheets></workbook>`;
    const notes = sheetXml({ 1: inline('A1', 'notes') });
    const manifest = sheetXml({ 1: inline('A1', 'vin') });
    const { rows } = await read(workbook([notes, manifest], { 'xl/workbook.xml': tabs }));
    expect(rows).toEqual([{ row: 1, cells: ['vin'] }]);
  });

  it('skips rows without a value and keeps the sheet’s row numbers', async () => {
    const sheet = sheetXml({ 1: inline('A1', 'vin'), 2: inline('A2', ''), 7: inline('A7', 'X') });
    const { rows } = await read(workbook([sheet]));
    expect(rows).toEqual([
      { row: 1, cells: ['vin'] },
      { row: 7, cells: ['X'] },
    ]);
  });

  it('refuses a workbook with external links on the file field, naming the reason', async () => {
    const sheet = sheetXml({ 1: `<c r="A1"><f>[1]Sheet1!A1</f><v>5</v></c>` });
    const { rows, errors } = await read(workbook([sheet], { 'xl/externalLinks/externalLink1.xml': '<externalLink/>' }));
    expect(rows).toEqual([]);
    expect(listed(errors)).toEqual([
      expect.objectContaining({
        field: 'file',
        row: 1,
        column: 'file',
        message: expect.stringContaining('forbidden-part'),
      }),
    ]);
  });

  it('refuses bytes that are not a zip, and a zip that is not a workbook', async () => {
    const notZip = await read(Buffer.from('PK\u0003\u0004 and then nothing'));
    expect(listed(notZip.errors)).toEqual([expect.objectContaining({ message: expect.stringContaining('bad-zip') })]);
    const plain = await read(Buffer.from('vin,make\n'));
    expect(listed(plain.errors)).toEqual([expect.objectContaining({ message: expect.stringContaining('bad-zip') })]);
    const notWorkbook = await read(Buffer.from(zipSync({ 'word/document.xml': strToU8('<w/>') })));
    expect(listed(notWorkbook.errors)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('not-xlsx') }),
    ]);
  });

  it('refuses a part inflating past its cap with 413, whatever the zip declares', async () => {
    const filler = `<row r="1">${inline('A1', 'x'.repeat(2000))}</row>`.repeat(600);
    const bomb = workbook([`<worksheet xmlns="${MAIN}"><sheetData>${filler}</sheetData></worksheet>`]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const limits = { ...XLSX_LIMITS, maxSheetBytes: 1024 * 1024 };
    await expect(read(bomb, limits)).rejects.toThrow(SpreadsheetTooLargeError);
    const strings = `<sst xmlns="${MAIN}">${'<si><t>bomb</t></si>'.repeat(100_000)}</sst>`;
    const sstBomb = workbook([sheetXml({ 1: inline('A1', 'vin') })], { 'xl/sharedStrings.xml': strings });
    await expect(read(sstBomb, { ...XLSX_LIMITS, maxSharedStringsBytes: 1024 * 1024 })).rejects.toThrow(
      /sharedStrings/,
    );
  });

  it('refuses more rows than the limit with 413 and a row wider than the limit on that row', async () => {
    const rows = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i + 1, inline(`A${i + 1}`, 'v')]));
    await expect(read(workbook([sheetXml(rows)]), { ...XLSX_LIMITS, maxRows: 10 })).rejects.toThrow(
      SpreadsheetTooLargeError,
    );
    const letter = (i: number) =>
      (i < 26 ? '' : String.fromCharCode(64 + Math.floor(i / 26))) + String.fromCharCode(65 + (i % 26));
    const wide = Array.from({ length: 70 }, (_, i) => `<c r="${letter(i)}2"><v>${i}</v></c>`).join('');
    const { rows: read2, errors } = await read(workbook([sheetXml({ 1: inline('A1', 'vin'), 2: wide })]));
    expect(read2).toEqual([{ row: 1, cells: ['vin'] }]);
    expect(listed(errors)).toEqual([
      expect.objectContaining({ field: 'file', row: 2, message: expect.stringContaining('too-many-columns') }),
    ]);
  });

  it('streams a sheet stored before its shared strings, leaving no temp file even when it is malformed', async () => {
    const spooled = async () =>
      (await readdir(tmpdir())).filter((name) => name.startsWith(`tmp-${process.pid}-`)).length;
    const before = await spooled();
    const rows = Object.fromEntries(
      Array.from({ length: 20_000 }, (_, i) => [i + 1, `<c r="A${i + 1}" t="s"><v>0</v></c>`]),
    );
    const strings = `<sst xmlns="${MAIN}"><si><t>shared</t></si></sst>`;
    // In this order exceljs would spool the sheet to a temp file until it has read the shared strings.
    const good = workbook([sheetXml(rows)], { 'xl/sharedStrings.xml': strings }, false);
    const read20k = await read(good);
    expect(read20k.rows).toHaveLength(20_000);
    expect(read20k.rows[19_999]).toEqual({ row: 20_000, cells: ['shared'] });
    const broken = workbook(
      [sheetXml(rows).replace('<row r="15000">', '<row r="15000"><c r="A15000"></row>')],
      {
        'xl/sharedStrings.xml': strings,
      },
      false,
    );
    const { errors } = await read(broken);
    expect(listed(errors)).toEqual([expect.objectContaining({ message: expect.stringContaining('unreadable') })]);
    for await (const row of xlsxRows(good, new RowErrors())) {
      expect(row.cells).toEqual(['shared']);
      break;
    }
    expect(await spooled()).toBe(before);
  });
});
