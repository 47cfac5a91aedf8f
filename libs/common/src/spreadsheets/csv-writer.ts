import { stringify } from 'csv-stringify/sync';

/** A UTF-8 byte order mark: Excel reads a CSV as UTF-8 (Chinese, Russian) only when it starts with one. */
const BOM = '\uFEFF';

/** The content type of every CSV the service writes. */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/**
 * A cell as written to a spreadsheet: text that a spreadsheet application would run as a formula (it starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so it is shown as text (CSV injection).
 */
function safeCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Rows as a CSV document (comma-separated, CRLF, with BOM), every cell made safe with safeCell. */
export function csvDocument(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return (
    BOM +
    stringify(
      rows.map((row) => row.map(safeCell)),
      { record_delimiter: '\r\n' },
    )
  );
}
