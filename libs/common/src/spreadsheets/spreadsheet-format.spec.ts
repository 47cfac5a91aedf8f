import { namedSpreadsheetFormat, preferredSpreadsheetFormat } from './spreadsheet-format.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('preferredSpreadsheetFormat (spreadsheet-only endpoints, CSV by default)', () => {
  it.each([undefined, '', '*/*', 'text/*', 'text/csv', 'text/csv; charset=utf-8', `text/csv, ${XLSX}`])(
    'answers CSV for %j',
    (accept) => {
      expect(preferredSpreadsheetFormat(accept)).toBe('csv');
    },
  );

  it.each([XLSX, `${XLSX}, text/csv;q=0.5`, 'application/*', `text/csv;q=0, */*`, `*/*;q=0.1, ${XLSX}`])(
    'answers XLSX for %j',
    (accept) => {
      expect(preferredSpreadsheetFormat(accept)).toBe('xlsx');
    },
  );

  it.each(['application/json', 'application/pdf, image/*', `${XLSX};q=0, text/plain`, 'text/csv;q=0'])(
    'answers nothing (406) for %j',
    (accept) => {
      expect(preferredSpreadsheetFormat(accept)).toBeUndefined();
    },
  );
});

describe('namedSpreadsheetFormat (JSON endpoints that also export)', () => {
  it('finds CSV or XLSX only when named with a quality above zero, the higher ranked first', () => {
    expect(namedSpreadsheetFormat('text/csv')).toBe('csv');
    expect(namedSpreadsheetFormat('application/json, text/csv;q=0.5')).toBe('csv');
    expect(namedSpreadsheetFormat(XLSX)).toBe('xlsx');
    expect(namedSpreadsheetFormat(`text/csv;q=0.4, ${XLSX};q=0.9`)).toBe('xlsx');
    expect(namedSpreadsheetFormat(`text/csv, ${XLSX}`)).toBe('csv');
  });

  it('leaves wildcards, JSON, a missing header and q=0 to JSON', () => {
    for (const accept of [undefined, '', '*/*', 'text/*', 'application/json', 'text/csv;q=0', `${XLSX};q=0`]) {
      expect(namedSpreadsheetFormat(accept)).toBeUndefined();
    }
  });
});
