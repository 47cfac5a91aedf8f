import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { RowErrors } from './spreadsheet-errors.js';
import type { RawRow } from './spreadsheet-rows.js';

/** Bytes handed to the CSV parser at a time, so a big file is parsed as a stream. */
const CHUNK_BYTES = 64 * 1024;

/** The delimiter of a CSV file: semicolon (Russian and German Excel) when its header line has more of them than commas. */
export function detectDelimiter(bytes: Buffer): ',' | ';' {
  const end = bytes.indexOf(0x0a);
  const line = bytes.subarray(0, end === -1 ? Math.min(bytes.length, CHUNK_BYTES) : end).toString('utf8');
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ',') commas += 1;
    else if (!quoted && char === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * The rows of a UTF-8 CSV file (with or without BOM, comma or semicolon detected from the header line) as
 * spreadsheet rows, parsed in chunks. A row's number counts the rows before it as a spreadsheet would
 * (a cell spanning lines is one row). A malformed file (an unclosed quote) is a row error and ends it.
 */
export async function* csvRows(bytes: Buffer, errors: RowErrors): AsyncGenerator<RawRow> {
  const parser = Readable.from(chunks(bytes)).pipe(
    parse({
      bom: true,
      delimiter: detectDelimiter(bytes),
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
    }),
  );
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
      yield { row: record.info.records, cells: record.record };
    }
  } catch (error) {
    const { code, lines, message } = error as { code?: string; lines?: number; message?: string };
    if (!code?.startsWith('CSV_')) throw error;
    errors.add(lines ?? 1, 'file', 'file', '', `is not valid CSV: ${message ?? code}`);
  }
}

function* chunks(bytes: Buffer): Generator<Buffer> {
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) yield bytes.subarray(start, start + CHUNK_BYTES);
}
