import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

/** A cell of a spreadsheet download as a row gives it: empty when null or undefined. */
export type SpreadsheetCell = string | number | null | undefined;

/** How every CSV is written: a UTF-8 byte order mark (so Excel reads Chinese and Russian text right), CRLF. */
const CSV_OPTIONS = { bom: true, record_delimiter: 'windows' } as const;

/** The first characters that make a spreadsheet application read a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell as it is written: text starting as a formula would (`=`, `+`, `-`, `@`, tab, CR) gets a leading
 * `'`, so Excel or LibreOffice show it as text instead of running it (OWASP "CSV injection").
 */
export function safeCell(cell: SpreadsheetCell): string {
  if (cell === null || cell === undefined) return '';
  const text = String(cell);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A few rows (a template, an example) as one CSV document, written as `csvStream` writes its rows. */
export function csvDocument(rows: readonly (readonly SpreadsheetCell[])[]): string {
  return stringifySync(
    rows.map((row) => row.map(safeCell)),
    CSV_OPTIONS,
  );
}

/**
 * The CSV text of a header row and the rows, as a stream: UTF-8 with a byte order mark, CRLF line ends,
 * every cell passed through `safeCell`. The rows are read as the client takes the bytes (backpressure), so a
 * large export never sits whole in memory; an error of the source ends the stream with it.
 */
export function csvStream(
  header: readonly string[],
  rows: AsyncIterable<readonly SpreadsheetCell[]> | Iterable<readonly SpreadsheetCell[]>,
): Readable {
  async function* cells(): AsyncGenerator<string[]> {
    yield header.map(safeCell);
    for await (const row of rows) yield row.map(safeCell);
  }
  return pipeline(Readable.from(cells()), stringify(CSV_OPTIONS), () => undefined);
}
