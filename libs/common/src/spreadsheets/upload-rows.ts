import { csvRows } from './csv-source.js';
import type { RowErrors } from './spreadsheet-errors.js';
import type { RawRow } from './spreadsheet-rows.js';
import type { SpreadsheetUpload } from './spreadsheet-upload.js';
import { xlsxRows } from './xlsx-source.js';

/** The rows of an upload, read by the reader of its format (CSV or the first sheet of an XLSX workbook). */
export function uploadRows(upload: SpreadsheetUpload, errors: RowErrors): AsyncGenerator<RawRow> {
  return upload.format === 'xlsx' ? xlsxRows(upload.bytes, errors) : csvRows(upload.bytes, errors);
}
