import { describe, expect, it } from '@jest/globals';
import { csvRows, detectDelimiter } from './csv-source.js';
import { RowErrors, SpreadsheetRowsError, SpreadsheetTooLargeError } from './spreadsheet-errors.js';
import { type ColumnTable, MAX_CELL_CHARS, normalizeHeader, spreadsheetRows } from './spreadsheet-rows.js';

const TABLE: ColumnTable<'vin' | 'make' | 'note'> = {
  vin: { aliases: ['车架号', 'VIN'], required: true },
  make: { aliases: ['品牌', 'Марка'], required: true },
  note: { aliases: [], required: false },
};

async function read(text: string, maxRows?: number) {
  const errors = new RowErrors();
  const rows = [];
  for await (const row of spreadsheetRows(csvRows(Buffer.from(text), errors), TABLE, errors, undefined, maxRows)) {
    rows.push(row);
  }
  return { rows, errors };
}

describe('spreadsheet reading', () => {
  it('matches headers in any of the languages, case- and space-insensitively', async () => {
    expect(normalizeHeader(' Declared_Value ')).toBe('declaredvalue');
    const { rows, errors } = await read('车架号, MARKA ,note\nA1,BYD,x\n'.replace('MARKA', 'Марка'));
    expect(errors.count).toBe(0);
    expect(rows).toEqual([{ row: 2, cells: { vin: 'A1', make: 'BYD', note: 'x' } }]);
  });

  it('detects a semicolon delimiter from the header line and skips a BOM', async () => {
    expect(detectDelimiter(Buffer.from('a;b;"c,d"\n1,2'))).toBe(';');
    expect(detectDelimiter(Buffer.from('a,b;c,d\n'))).toBe(',');
    const { rows, errors } = await read('\uFEFFvin;make\nA1;"Geely; Auto"\n\nA2;BYD');
    expect(errors.count).toBe(0);
    expect(rows).toEqual([
      { row: 2, cells: { vin: 'A1', make: 'Geely; Auto', note: '' } },
      { row: 4, cells: { vin: 'A2', make: 'BYD', note: '' } },
    ]);
  });

  it('numbers rows as a spreadsheet does when a cell spans lines', async () => {
    const { rows } = await read('vin,make\nA1,"two\nlines"\nA2,BYD\n');
    expect(rows.map((row) => row.row)).toEqual([2, 3]);
  });

  it('names unknown, repeated and missing columns in row 1', async () => {
    const { errors } = await read('vin,colour,VIN\nA1,red,A1\n');
    expect(() => errors.throwIfAny()).toThrow(SpreadsheetRowsError);
    try {
      errors.throwIfAny();
    } catch (error) {
      expect((error as SpreadsheetRowsError).errors).toEqual([
        { row: 1, field: 'colour', column: 'colour', value: 'colour', message: 'is not a known column' },
        { row: 1, field: 'vin', column: 'VIN', value: 'VIN', message: 'repeats the column vin' },
        { row: 1, field: 'make', column: 'make', value: '', message: 'is a required column' },
      ]);
    }
  });

  it('refuses a row with more cells than the header and a cell over the size limit, row by row', async () => {
    const big = 'x'.repeat(MAX_CELL_CHARS + 1);
    const { rows, errors } = await read(`vin,make\nA1,BYD,extra\nA2,${big}\nA3,BYD\n`);
    expect(rows.map((row) => row.row)).toEqual([4]);
    expect(errors.count).toBe(2);
  });

  it('stops at the row limit with a 413 error', async () => {
    await expect(read('vin,make\nA1,B\nA2,B\nA3,B\n', 2)).rejects.toThrow(SpreadsheetTooLargeError);
  });

  it('reports malformed CSV as a row error', async () => {
    const { errors } = await read('vin,make\nA1,"unclosed\n');
    expect(errors.count).toBe(1);
    expect(() => errors.throwIfAny()).toThrow(SpreadsheetRowsError);
  });

  it('lists at most 1,000 errors but counts them all', () => {
    const errors = new RowErrors();
    for (let row = 2; row < 1502; row += 1) errors.add(row, 'vin', 'vin', 'x', 'bad');
    try {
      errors.throwIfAny();
    } catch (error) {
      expect((error as SpreadsheetRowsError).errors).toHaveLength(1000);
      expect((error as SpreadsheetRowsError).errorCount).toBe(1500);
    }
    expect.assertions(2);
  });
});
