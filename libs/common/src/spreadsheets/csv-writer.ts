import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';

/** A cell as a row gives it: empty when null or undefined. */
export type CsvCell = string | number | null | undefined;

/** The content type of every CSV the service writes. */
const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** How every CSV is written: a UTF-8 byte order mark (so Excel reads Chinese and Russian text right), CRLF. */
const CSV_OPTIONS = { bom: true, record_delimiter: 'windows' } as const;

/** The first characters that make a spreadsheet application read a cell as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell as it is written: text starting as a formula would (`=`, `+`, `-`, `@`, tab, CR) gets a leading
 * `'`, so Excel or LibreOffice show it as text instead of running it (OWASP "CSV injection").
 */
export function safeCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  const text = String(cell);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A few rows (a template, an example) as one CSV document, written as `csvStream` writes its rows. */
export function csvDocument(rows: readonly (readonly CsvCell[])[]): string {
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
  rows: AsyncIterable<readonly CsvCell[]> | Iterable<readonly CsvCell[]>,
): Readable {
  async function* cells(): AsyncGenerator<string[]> {
    yield header.map(safeCell);
    for await (const row of rows) yield row.map(safeCell);
  }
  return pipeline(Readable.from(cells()), stringify(CSV_OPTIONS), () => undefined);
}

/** Answers with a CSV as a download named `filename`; return the result from the handler. */
export function sendCsv<T extends Readable | string>(reply: FastifyReply, filename: string, body: T): T {
  void reply
    .type(CSV_CONTENT_TYPE)
    .header('Content-Disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`);
  return body;
}

/**
 * Whether a request's Accept header asks for CSV: `text/csv` named with a quality above zero. A missing
 * header or a wildcard leaves the choice to the endpoint.
 */
export function acceptsCsv(accept: string | undefined): boolean {
  return mediaRanges(accept).some((range) => range.type === 'text/csv' && range.q > 0);
}

/**
 * Whether a request's Accept header admits CSV at all (missing, `*\/*`, `text/*` or `text/csv`), for an
 * endpoint whose default answer is CSV.
 */
export function admitsCsv(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return mediaRanges(accept).some((range) => ['text/csv', 'text/*', '*/*'].includes(range.type) && range.q > 0);
}

function mediaRanges(accept: string | undefined): { type: string; q: number }[] {
  if (!accept) return [];
  return accept.split(',').map((part) => {
    const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    const q = quality === undefined ? 1 : Number(quality.slice(2));
    return { type, q: Number.isNaN(q) ? 0 : q };
  });
}
