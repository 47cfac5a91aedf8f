import type { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { strToU8, Unzip, UnzipInflate, UnzipPassThrough, zipSync } from 'fflate';
import { type RowErrors, SpreadsheetTooLargeError } from './spreadsheet-errors.js';
import { MAX_DATA_ROWS, type RawRow } from './spreadsheet-rows.js';

/**
 * What an XLSX upload may inflate to and hold. No XLSX library caps the bytes it inflates (every one reads
 * the whole shared-strings part into memory), so a preflight pass inflates the upload once and counts them
 * (docs/decisions/xlsx-library.md). A 50,000-row, 12-column sheet is about 25–45 MB of XML.
 */
export interface XlsxLimits {
  /** Zip entries in the package. */
  maxParts: number;
  /** Inflated bytes of one worksheet (streamed by the reader). */
  maxSheetBytes: number;
  /** Inflated bytes of the shared strings (held whole by the reader: about 2.5 bytes of RSS per byte). */
  maxSharedStringsBytes: number;
  /** Inflated bytes of any other part (styles, workbook, relationships: held whole by the reader). */
  maxOtherPartBytes: number;
  /** Inflated bytes of the whole package. */
  maxTotalBytes: number;
  /** Rows holding a value in the first sheet, the header included. */
  maxRows: number;
  /** Columns of a row. */
  maxColumns: number;
}

export const XLSX_LIMITS: XlsxLimits = {
  maxParts: 200,
  maxSheetBytes: 64 * 2 ** 20,
  maxSharedStringsBytes: 24 * 2 ** 20,
  maxOtherPartBytes: 16 * 2 ** 20,
  maxTotalBytes: 128 * 2 ** 20,
  maxRows: MAX_DATA_ROWS + 1,
  maxColumns: 64,
};

/**
 * Parts an upload may not carry: links to other workbooks (which a spreadsheet application would fetch),
 * macros, data connections, ActiveX controls and embedded objects.
 */
const FORBIDDEN_PARTS = [
  /^xl\/externalLinks\//i,
  /^xl\/vbaProject\.bin$/i,
  /^xl\/connections\.xml$/i,
  /^xl\/activeX\//i,
  /^xl\/embeddings\//i,
];

/** Bytes pushed to the inflater at a time: deflate expands at most about 1032:1, so one step makes ≤ ~4 MB. */
const INFLATE_SLICE = 4096;

/** Inflated bytes after which the preflight lets other work run. */
const YIELD_EVERY_BYTES = 8 * 2 ** 20;

/** Why an XLSX upload is refused (413 for the size ones, 422 on the `file` field for the others). */
type Rejection = {
  reason:
    | 'too-large'
    | 'too-many-rows'
    | 'bad-zip'
    | 'not-xlsx'
    | 'forbidden-part'
    | 'too-many-parts'
    | 'too-many-columns'
    | 'unreadable';
  detail: string;
  /** The sheet row at fault, when there is one. */
  row?: number;
};

class XlsxRejected extends Error {
  constructor(readonly rejection: Rejection) {
    super(`${rejection.reason}: ${rejection.detail}`);
  }
}

/** The most characters of a library's message repeated in a problem. */
const MAX_DETAIL = 200;

const detailOf = (error: unknown) => String((error as Error | undefined)?.message ?? error).slice(0, MAX_DETAIL);

const capOf = (part: string, limits: XlsxLimits) => {
  if (/^xl\/worksheets\/[^/]+\.xml$/i.test(part)) return limits.maxSheetBytes;
  if (/^xl\/sharedStrings\.xml$/i.test(part)) return limits.maxSharedStringsBytes;
  return limits.maxOtherPartBytes;
};

/**
 * Inflates every part of the package once, counting the bytes each really inflates to (never trusting
 * the sizes the zip declares) and stopping at the first cap; refuses forbidden parts, compression methods
 * other than stored and deflate, and a zip without a workbook. Memory: one inflate window and one slice.
 */
async function preflightXlsx(bytes: Buffer, limits: XlsxLimits = XLSX_LIMITS): Promise<Preflight> {
  let failure: Rejection | undefined;
  const kept = new Map<string, Uint8Array[]>();
  let parts = 0;
  let total = 0;
  let workbook = false;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  unzip.onfile = (file) => {
    if (failure) return;
    parts += 1;
    if (parts > limits.maxParts) {
      failure = { reason: 'too-many-parts', detail: `it has more than ${limits.maxParts} parts` };
    } else if (FORBIDDEN_PARTS.some((pattern) => pattern.test(file.name))) {
      failure = { reason: 'forbidden-part', detail: `it holds ${file.name}` };
    } else if (file.compression !== 0 && file.compression !== 8) {
      failure = { reason: 'bad-zip', detail: `${file.name} uses compression method ${file.compression}` };
    }
    if (failure) return;
    if (file.name === 'xl/workbook.xml') workbook = true;
    const keep: Uint8Array[] | undefined = KEPT_PARTS.has(file.name) ? [] : undefined;
    if (keep) kept.set(file.name, keep);
    const cap = capOf(file.name, limits);
    let inflated = 0;
    file.ondata = (error, chunk) => {
      if (failure) return;
      if (error) {
        failure = { reason: 'bad-zip', detail: detailOf(error) };
        return;
      }
      inflated += chunk.length;
      total += chunk.length;
      keep?.push(chunk);
      if (inflated > cap) failure = { reason: 'too-large', detail: `${file.name} inflates to more than ${cap} bytes` };
      else if (total > limits.maxTotalBytes) {
        failure = { reason: 'too-large', detail: `the workbook inflates to more than ${limits.maxTotalBytes} bytes` };
      }
      if (failure) file.terminate();
    };
    file.start();
  };
  try {
    let paused = 0;
    for (let offset = 0; offset < bytes.length && !failure; offset += INFLATE_SLICE) {
      unzip.push(bytes.subarray(offset, offset + INFLATE_SLICE));
      // Let other requests run after every few megabytes inflated: a bomb is all inflating, little reading.
      if (total - paused > YIELD_EVERY_BYTES || offset % (256 * INFLATE_SLICE) === 0) {
        paused = total;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (!failure) unzip.push(new Uint8Array(0), true);
  } catch (error) {
    failure ??= { reason: 'bad-zip', detail: detailOf(error) };
  }
  if (!failure && !parts) failure = { reason: 'bad-zip', detail: 'it is not a zip archive' };
  if (!failure && !workbook) failure = { reason: 'not-xlsx', detail: 'the zip archive has no xl/workbook.xml' };
  if (failure) throw new XlsxRejected(failure);
  const text = (name: string) => Buffer.concat(kept.get(name) ?? []).toString('utf8');
  return { firstSheet: firstSheetNumber(text('xl/workbook.xml'), text('xl/_rels/workbook.xml.rels')) };
}

/** What the preflight learnt: the number N of the first sheet's part (sheetN.xml), when the workbook says. */
interface Preflight {
  firstSheet: number | undefined;
}

/** The parts the preflight keeps (bounded by maxOtherPartBytes): where the workbook says its first sheet is. */
const KEPT_PARTS = new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels']);

/** The attributes of an XML start tag, by name without a namespace prefix. */
function attributesOf(tag: string): Map<string, string> {
  return new Map(
    [...tag.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)].map(([, name, value]) => [name!.replace(/^.*:/, ''), value!]),
  );
}

/**
 * The number N of the part (xl/worksheets/sheetN.xml) of the workbook's first sheet tab: the first
 * `<sheet>` of workbook.xml, through its relationship. Undefined when the workbook does not say plainly.
 */
function firstSheetNumber(workbook: string, relationships: string): number | undefined {
  const sheet = /<(?:\w+:)?sheet\s[^>]*>/.exec(workbook);
  const id = sheet && attributesOf(sheet[0]).get('id');
  if (!id) return undefined;
  for (const [tag] of relationships.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)) {
    const attributes = attributesOf(tag);
    if (attributes.get('Id') !== id) continue;
    const number = /(?:^|\/)worksheets\/sheet(\d+)\.xml$/.exec(attributes.get('Target') ?? '')?.[1];
    return number === undefined ? undefined : Number(number);
  }
  return undefined;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** The order exceljs needs the parts in: the workbook, its relationships, shared strings and styles first. */
const partRank = (name: string) => {
  if (/^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml)$/i.test(name)) return 0;
  return /^xl\/worksheets\/[^/]+\.xml$/i.test(name) ? 2 : 1;
};

/** The local record of an empty shared-strings part, for a package that has none. */
const EMPTY_SHARED_STRINGS = (() => {
  const zip = Buffer.from(zipSync({ 'xl/sharedStrings.xml': strToU8('<sst/>') }, { level: 0 }));
  return zip.subarray(0, zip.readUInt32LE(zip.lastIndexOf(END_OF_CENTRAL_DIRECTORY) + 16));
})();

/**
 * The package with its worksheets moved after the parts they refer to, and an empty shared-strings part
 * when it has none (the local records copied as they are; the central directory, which a streaming reader
 * does not use, left as it is). exceljs spools a worksheet it meets before the shared strings (as in
 * exceljs' own files and those without shared strings) to a temp file, which it leaves behind when the
 * sheet turns out to be malformed; in this order it streams every sheet. A package whose directory does
 * not add up is returned unchanged.
 */
function sheetsLast(bytes: Buffer): Buffer {
  const end = bytes.lastIndexOf(END_OF_CENTRAL_DIRECTORY);
  if (end < 0 || end + 22 > bytes.length) return bytes;
  const count = bytes.readUInt16LE(end + 10);
  const directory = bytes.readUInt32LE(end + 16);
  const parts: { name: string; offset: number }[] = [];
  let at = directory;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL_HEADER) return bytes;
    const nameLength = bytes.readUInt16LE(at + 28);
    const offset = bytes.readUInt32LE(at + 42);
    if (offset + 4 > directory || bytes.readUInt32LE(offset) !== LOCAL_HEADER) return bytes;
    parts.push({ name: bytes.toString('utf8', at + 46, at + 46 + nameLength), offset });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  const starts = parts.map((part) => part.offset).sort((a, b) => a - b);
  if (starts[0] !== 0 || new Set(starts).size !== starts.length) return bytes;
  const endOf = new Map(starts.map((start, i) => [start, starts[i + 1] ?? directory]));
  const ordered = [...parts].sort((a, b) => partRank(a.name) - partRank(b.name) || a.offset - b.offset);
  const hasStrings = parts.some((part) => part.name === 'xl/sharedStrings.xml');
  return Buffer.concat([
    ...(hasStrings ? [] : [EMPTY_SHARED_STRINGS]),
    ...ordered.map((part) => bytes.subarray(part.offset, endOf.get(part.offset))),
    bytes.subarray(directory),
  ]);
}

/** A number as its decimal text (no exponent, as a person would type it). */
function decimalText(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** A date cell as an ISO date, with the time only when it has one. */
function dateText(value: Date): string {
  const iso = value.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

/**
 * A cell as text: strings as they are, numbers as their decimal text, dates as ISO dates, rich text joined,
 * a formula as its cached result only (never evaluated; '' without one), an error value as written.
 */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return decimalText(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value !== 'object') return '';
  const cell = value as {
    formula?: unknown;
    sharedFormula?: unknown;
    result?: unknown;
    richText?: { text: string }[];
    text?: unknown;
    error?: unknown;
  };
  if ('formula' in cell || 'sharedFormula' in cell) return cellText(cell.result);
  if (Array.isArray(cell.richText)) return cell.richText.map((run) => run.text).join('');
  if ('text' in cell) return cellText(cell.text);
  if ('error' in cell) return String(cell.error);
  return '';
}

/** Set by xlsxRows when its reader is stopped early: the sheet is then drained without building rows. */
interface Stop {
  requested: boolean;
}

/**
 * The rows of the first worksheet, read as a stream by exceljs. Always runs to the end of the package: it
 * drains after a limit or a stop instead of leaving the loop, because exceljs 4.4.0 removes the temp file
 * it spools a sheet to only when its parse ends (exceljs #2147); the preflight has bounded what is left.
 */
async function* sheetRows(
  bytes: Buffer,
  firstSheet: number | undefined,
  limits: XlsxLimits,
  stop: Stop,
): AsyncGenerator<RawRow> {
  const input = new PassThrough();
  input.end(bytes);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  // exceljs names a worksheet by its sheetId when it can, so the part's number N (sheetN.xml) is taken from
  // the entry event it emits just before it hands the worksheet over.
  let part: number | undefined;
  (workbook as unknown as EventEmitter).on('entry', (entry: { type?: string; id?: string }) => {
    if (entry.type === 'worksheet') part = Number(entry.id);
  });
  let failure: Rejection | undefined;
  let rows = 0;
  let read = false;
  try {
    for await (const sheet of workbook) {
      // The workbook's first sheet tab; without one named, the first sheet in the package.
      const reading: boolean = !read && (firstSheet === undefined || part === firstSheet);
      read ||= reading;
      for await (const row of sheet) {
        if (!reading || failure || stop.requested) continue;
        const values = row.values as unknown[];
        const columns = Math.max(0, values.length - 1);
        if (columns > limits.maxColumns) {
          failure = {
            reason: 'too-many-columns',
            detail: `row ${row.number} has ${columns} columns, more than ${limits.maxColumns}`,
            row: row.number,
          };
          continue;
        }
        const cells = Array.from({ length: columns }, (_, index) => cellText(values[index + 1]));
        if (cells.every((cell) => cell === '')) continue;
        rows += 1;
        if (rows > limits.maxRows) {
          failure = { reason: 'too-many-rows', detail: `the first sheet has more than ${limits.maxRows} rows` };
          continue;
        }
        yield { row: row.number, cells };
      }
    }
  } catch (error) {
    failure ??= { reason: 'unreadable', detail: detailOf(error) };
  } finally {
    input.destroy();
  }
  if (failure) throw new XlsxRejected(failure);
}

const MESSAGES: Record<Exclude<Rejection['reason'], 'too-large' | 'too-many-rows'>, string> = {
  'bad-zip': 'is not a readable XLSX file (an XLSX file is a zip archive)',
  'not-xlsx': 'is not an XLSX workbook',
  'forbidden-part': 'holds external links, macros, data connections or embedded objects, which are refused',
  'too-many-parts': 'has too many parts for a spreadsheet',
  'too-many-columns': 'has too many columns',
  unreadable: 'cannot be read as an XLSX workbook',
};

/** A rejection as the problem it is: 413 for the size limits, else a row error on the `file` field. */
function report(rejection: Rejection, errors: RowErrors): void {
  if (rejection.reason === 'too-large' || rejection.reason === 'too-many-rows') {
    throw new SpreadsheetTooLargeError(`The XLSX file is too large: ${rejection.detail}`);
  }
  errors.add(
    rejection.row ?? 1,
    'file',
    'file',
    '',
    `${MESSAGES[rejection.reason]} (${rejection.reason}: ${rejection.detail})`,
  );
}

/**
 * The rows of an XLSX upload's first worksheet as spreadsheet rows, numbered as the sheet numbers them,
 * each cell as text (see cellText); rows without a value are left out. The package is checked first
 * (preflightXlsx). A package over the byte caps or a sheet over the row limit is a SpreadsheetTooLargeError
 * (413); any other refusal (not a zip, not a workbook, a forbidden part, too many columns, unreadable XML)
 * is a row error on the `file` field and ends the rows. A consumer may stop early: the rest is drained.
 */
export async function* xlsxRows(
  bytes: Buffer,
  errors: RowErrors,
  limits: XlsxLimits = XLSX_LIMITS,
): AsyncGenerator<RawRow> {
  // What is checked is what is read: the reordered package.
  const ordered = sheetsLast(bytes);
  let preflight: Preflight;
  try {
    preflight = await preflightXlsx(ordered, limits);
  } catch (error) {
    if (!(error instanceof XlsxRejected)) throw error;
    report(error.rejection, errors);
    return;
  }
  const stop: Stop = { requested: false };
  const reader = sheetRows(ordered, preflight.firstSheet, limits, stop);
  let ended = false;
  try {
    for (;;) {
      const next = await reader.next();
      if (next.done) break;
      yield next.value;
    }
    ended = true;
  } catch (error) {
    ended = true;
    if (!(error instanceof XlsxRejected)) throw error;
    report(error.rejection, errors);
  } finally {
    if (!ended) {
      stop.requested = true;
      await drain(reader);
    }
  }
}

async function drain(reader: AsyncGenerator<RawRow>): Promise<void> {
  try {
    while (!(await reader.next()).done);
  } catch {
    // The consumer has stopped already; what the rest of the sheet holds no longer matters.
  }
}
