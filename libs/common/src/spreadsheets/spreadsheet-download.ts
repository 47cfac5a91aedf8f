import type { Readable } from 'node:stream';
import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems } from '../http/api-problems.js';
import { csvStream, type SpreadsheetCell } from './csv-writer.js';
import { NotAcceptableSpreadsheetError } from './spreadsheet-errors.js';
import { preferredSpreadsheetFormat, SPREADSHEET_MEDIA_TYPES, type SpreadsheetFormat } from './spreadsheet-format.js';
import { xlsxStream } from './xlsx-writer.js';

/**
 * A spreadsheet to download, in whichever format is asked: its file name without extension, its header
 * and its rows (read only as the download is written, so a large one never sits whole in memory).
 */
export interface SpreadsheetFile {
  name: string;
  header: readonly string[];
  rows: AsyncIterable<readonly SpreadsheetCell[]> | Iterable<readonly SpreadsheetCell[]>;
  /** The worksheet's name in XLSX. */
  sheetName: string;
  /** Columns of decimal amounts: numbers in XLSX, text as stored in CSV (see XlsxOptions). */
  decimalColumns?: readonly string[];
}

/** The Content-Type of each download format (CSV is always UTF-8). */
const CONTENT_TYPES: Readonly<Record<SpreadsheetFormat, string>> = {
  csv: `${SPREADSHEET_MEDIA_TYPES.csv}; charset=utf-8`,
  xlsx: SPREADSHEET_MEDIA_TYPES.xlsx,
};

/**
 * Answers with the file as a download in `format` (`<name>.csv` or `<name>.xlsx`, Content-Disposition
 * attachment, the name reduced to safe characters); return the result from the handler.
 */
export function sendSpreadsheet(reply: FastifyReply, format: SpreadsheetFormat, file: SpreadsheetFile): Readable {
  const filename = `${file.name.replace(/[^\w.-]/g, '_')}.${format}`;
  void reply
    .type(CONTENT_TYPES[format])
    .header('Content-Disposition', `attachment; filename="${filename}"`)
    .header('Vary', 'Accept');
  return format === 'csv'
    ? csvStream(file.header, file.rows)
    : xlsxStream(file.header, file.rows, { sheetName: file.sheetName, decimalColumns: file.decimalColumns });
}

/**
 * For an endpoint that answers only with spreadsheets: the file in the format Accept prefers (CSV by default),
 * or 406 when Accept admits neither CSV nor XLSX.
 */
export function spreadsheetDownload(reply: FastifyReply, accept: string | undefined, file: SpreadsheetFile): Readable {
  const format = preferredSpreadsheetFormat(accept);
  if (!format) {
    throw new NotAcceptableSpreadsheetError(
      `A ${file.sheetName.toLowerCase()} is written as ${SPREADSHEET_MEDIA_TYPES.csv} or ${SPREADSHEET_MEDIA_TYPES.xlsx}, not as ${accept}`,
    );
  }
  return sendSpreadsheet(reply, format, file);
}

/**
 * Documents a spreadsheet download: Accept, the CSV (with `csvExample`) and XLSX answers, and 406 for any
 * other format.
 */
export function ApiSpreadsheetDownload(description: string, csvExample: string): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Accept',
      required: false,
      description: `\`${SPREADSHEET_MEDIA_TYPES.csv}\` (the default) or \`${SPREADSHEET_MEDIA_TYPES.xlsx}\``,
      example: SPREADSHEET_MEDIA_TYPES.xlsx,
    }),
    ApiProduces(SPREADSHEET_MEDIA_TYPES.csv, SPREADSHEET_MEDIA_TYPES.xlsx),
    ApiOkResponse({
      description: `${description}; a download (Content-Disposition: attachment)`,
      content: {
        [SPREADSHEET_MEDIA_TYPES.csv]: { schema: { type: 'string' }, example: csvExample },
        [SPREADSHEET_MEDIA_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
      },
    }),
    ApiProblems({
      406: {
        description: 'Accept admits neither CSV nor XLSX',
        slug: 'not-acceptable',
        detail: `A manifest is written as ${SPREADSHEET_MEDIA_TYPES.csv} or ${SPREADSHEET_MEDIA_TYPES.xlsx}, not as application/pdf`,
      },
    }),
  );
}
