import { RowErrors, SpreadsheetTooLargeError } from './spreadsheet-errors.js';

/** The most data rows (below the header) a file may hold. */
export const MAX_DATA_ROWS = 50_000;

/** The longest cell value (in characters) a file may hold. */
export const MAX_CELL_CHARS = 64 * 1024;

/**
 * One row of a spreadsheet as a format reader gives it (CSV or XLSX): its cells as text, and its
 * number as a spreadsheet shows it (the header is row 1).
 */
export interface RawRow {
  row: number;
  cells: string[];
}

/** The columns a file may have: each field's other names (Chinese, Russian …) and whether it must be there. */
export type ColumnTable<F extends string> = Record<F, { aliases: readonly string[]; required: boolean }>;

/** A data row by field: the cells of the columns the file has (absent ones are ''). */
export interface SpreadsheetRow<F extends string> {
  row: number;
  cells: Record<F, string>;
}

/** How headers are compared: trimmed, lower-cased, without spaces and underscores. */
export function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '');
}

/** What the header row says: which field each column is, and its header as written. */
export interface HeaderMatch<F extends string> {
  /** The field of each column, or undefined for an empty header. */
  fields: (F | undefined)[];
  /** The header as the file writes it, by field (the English name for a column the file lacks). */
  columnOf: Record<F, string>;
}

/**
 * Matches a header row against the column table (English field names and their aliases). An unknown or
 * repeated header, or a required column missing, is a row-1 error.
 */
function matchHeader<F extends string>(header: RawRow, table: ColumnTable<F>, errors: RowErrors): HeaderMatch<F> {
  const byName = new Map<string, F>();
  for (const field of Object.keys(table) as F[]) {
    byName.set(normalizeHeader(field), field);
    for (const alias of table[field].aliases) byName.set(normalizeHeader(alias), field);
  }
  const columnOf = Object.fromEntries((Object.keys(table) as F[]).map((field) => [field, field])) as unknown as Record<
    F,
    string
  >;
  const seen = new Set<F>();
  const fields = header.cells.map((written): F | undefined => {
    if (written.trim() === '') return undefined;
    const field = byName.get(normalizeHeader(written));
    if (!field) {
      errors.add(header.row, written, written, written, 'is not a known column');
      return undefined;
    }
    if (seen.has(field)) {
      errors.add(header.row, field, written, written, `repeats the column ${field}`);
      return undefined;
    }
    seen.add(field);
    columnOf[field] = written;
    return field;
  });
  for (const field of Object.keys(table) as F[]) {
    if (table[field].required && !seen.has(field)) errors.add(header.row, field, field, '', 'is a required column');
  }
  return { fields, columnOf };
}

/**
 * The data rows of a spreadsheet by field, read one at a time from a format reader: the first row is the
 * header (matched against `table`), blank rows are skipped, a row with more cells than the header or a
 * cell over MAX_CELL_CHARS is a row error (and that row is not yielded), more than `maxRows` data rows is
 * a SpreadsheetTooLargeError. `onHeader` receives the header match before the first data row.
 */
export async function* spreadsheetRows<F extends string>(
  source: AsyncIterable<RawRow>,
  table: ColumnTable<F>,
  errors: RowErrors,
  onHeader: (match: HeaderMatch<F>) => void = () => undefined,
  maxRows = MAX_DATA_ROWS,
): AsyncGenerator<SpreadsheetRow<F>> {
  let header: HeaderMatch<F> | undefined;
  let count = 0;
  const fields = Object.keys(table) as F[];
  for await (const raw of source) {
    if (!header) {
      header = matchHeader(raw, table, errors);
      onHeader(header);
      continue;
    }
    if (raw.cells.every((cell) => cell.trim() === '')) continue;
    count += 1;
    if (count > maxRows) {
      throw new SpreadsheetTooLargeError(`The file has more than ${maxRows} data rows; split it into smaller files`);
    }
    if (raw.cells.length > header.fields.length) {
      errors.add(
        raw.row,
        'row',
        `column ${header.fields.length + 1}`,
        raw.cells[header.fields.length] ?? '',
        `has ${raw.cells.length} cells, more than the ${header.fields.length} columns of the header`,
      );
      continue;
    }
    const cells = Object.fromEntries(fields.map((field) => [field, ''])) as unknown as Record<F, string>;
    let fits = true;
    raw.cells.forEach((value, index) => {
      const field = header!.fields[index];
      if (value.length > MAX_CELL_CHARS) {
        fits = false;
        errors.add(
          raw.row,
          field ?? 'row',
          field ? header!.columnOf[field] : `column ${index + 1}`,
          value,
          `is longer than ${MAX_CELL_CHARS} characters`,
        );
        return;
      }
      if (field) cells[field] = value.trim();
    });
    if (fits) yield { row: raw.row, cells };
  }
  if (!header && !errors.count) {
    errors.add(1, 'header', 'header', '', 'the file is empty: the first row must name the columns');
  }
}
