// Copyable: bounded, streaming XLSX reading with exceljs 4.4.0 + fflate 0.8.x.
//
// 1. preflightXlsx(): one streaming pass over the upload that inflates every zip entry and counts the bytes
//    (never trusting the sizes declared in the zip), so a zip bomb is refused after maxEntryBytes of inflated
//    XML, whatever the headers say. It also refuses external links, macros and data connections.
//    Memory: one inflate window + one chunk; nothing is kept.
// 2. readXlsxRows(): exceljs' streaming WorkbookReader, first worksheet only, rows yielded as arrays of strings
//    (formula cells -> their cached result, never the formula), stopping at maxRows / maxColumns.
import fs from 'node:fs';
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import ExcelJS from 'exceljs';

export class XlsxRejected extends Error {
  constructor(code, detail) {
    super(`${code}: ${detail}`);
    this.code = code;
  }
}

export const LIMITS = {
  maxEntries: 200,
  maxEntryBytes: 64 * 2 ** 20, // inflated bytes of one part (a 50,000-row × 12-column sheet is ~25-45 MB)
  maxSharedStringsBytes: 24 * 2 ** 20, // exceljs caches the whole table: ~2.5 B of RSS per XML byte (measured)
  maxTotalBytes: 128 * 2 ** 20, // inflated bytes of the whole package
  maxRows: 50_001, // header + 50,000 rows
  maxColumns: 64,
};
const FORBIDDEN = [
  /^xl\/externalLinks\//i,
  /^xl\/vbaProject\.bin$/i,
  /^xl\/connections\.xml$/i,
  /^xl\/activeX\//i,
  /^xl\/embeddings\//i,
];

/** source: a file path, a Buffer or an async iterable of Buffers (e.g. the multipart file stream). */
export async function preflightXlsx(source, limits = LIMITS) {
  let entries = 0,
    total = 0,
    failure = null,
    sawWorkbook = false;
  const uz = new Unzip();
  uz.register(UnzipInflate);
  uz.register(UnzipPassThrough);
  uz.onfile = (f) => {
    if (failure) return;
    entries++;
    if (entries > limits.maxEntries) {
      failure = new XlsxRejected('too-many-parts', `${entries} zip entries`);
      return;
    }
    if (FORBIDDEN.some((re) => re.test(f.name))) {
      failure = new XlsxRejected('forbidden-part', f.name);
      return;
    }
    if (f.name === 'xl/workbook.xml') sawWorkbook = true;
    if (f.compression !== 0 && f.compression !== 8) {
      failure = new XlsxRejected('bad-zip', `method ${f.compression} in ${f.name}`);
      return;
    }
    let n = 0;
    const cap = /^xl\/sharedStrings\.xml$/i.test(f.name) ? limits.maxSharedStringsBytes : limits.maxEntryBytes;
    f.ondata = (err, chunk) => {
      if (failure) return;
      if (err) {
        failure = new XlsxRejected('bad-zip', String(err.message || err));
        return;
      }
      n += chunk.length;
      total += chunk.length;
      if (n > cap) {
        failure = new XlsxRejected('too-large', `${f.name} inflates past ${cap} bytes`);
        f.terminate();
      } else if (total > limits.maxTotalBytes) {
        failure = new XlsxRejected('too-large', `package inflates past ${limits.maxTotalBytes} bytes`);
        f.terminate();
      }
    };
    f.start();
  };
  const it =
    typeof source === 'string'
      ? fs.createReadStream(source, { highWaterMark: 64 * 1024 })
      : Buffer.isBuffer(source)
        ? [source]
        : source;
  try {
    for await (const chunk of it) {
      // push in 4 KiB slices: fflate inflates synchronously inside push(); deflate expands at most ~1032:1, so one step makes <= ~4 MB
      for (let o = 0; o < chunk.length && !failure; o += 4096) uz.push(chunk.subarray(o, o + 4096));
      if (failure) {
        it.destroy?.();
        throw failure;
      }
    }
    uz.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof XlsxRejected) throw e;
    throw new XlsxRejected('bad-zip', String(e.message || e));
  }
  if (failure) throw failure;
  if (!sawWorkbook) throw new XlsxRejected('not-xlsx', 'no xl/workbook.xml');
  return { entries, inflatedBytes: total };
}

const cellText = (v) => {
  if (v == null) return '';
  if (typeof v !== 'object') return String(v);
  if (v instanceof Date) return v.toISOString();
  if ('formula' in v || 'sharedFormula' in v) return v.result == null ? '' : cellText(v.result); // cached value only
  if (v.richText) return v.richText.map((t) => t.text).join('');
  if ('text' in v) return String(v.text); // hyperlink cell
  if ('error' in v) return String(v.error);
  return '';
};

/** Yields { rowNumber, values: string[] } for the first worksheet. Run preflightXlsx() on the same bytes first. */
export async function* readXlsxRows(filePath, limits = LIMITS) {
  const input = fs.createReadStream(filePath);
  const wb = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let rows = 0,
    failure = null,
    sheets = 0;
  try {
    for await (const ws of wb) {
      if (sheets++ > 0) {
        for await (const _ of ws);
        continue;
      } // first worksheet only; drain the others (bounded)
      for await (const row of ws) {
        // After a limit is hit, keep draining instead of breaking: exceljs 4.4.0 deletes the temp file it spools
        // a worksheet to (when sheetN.xml precedes sharedStrings.xml in the zip, as in exceljs' own files) only
        // when parse() runs to its end (exceljs issue #2147). Preflight has bounded the XML, so draining is bounded.
        if (failure) continue;
        if (++rows > limits.maxRows) {
          failure = new XlsxRejected('too-many-rows', `more than ${limits.maxRows} rows`);
          continue;
        }
        const v = row.values; // sparse, index = column number (1-based)
        if (v.length - 1 > limits.maxColumns) {
          failure = new XlsxRejected('too-many-columns', `row ${row.number} has ${v.length - 1} columns`);
          continue;
        }
        const out = new Array(Math.max(0, v.length - 1));
        for (let c = 1; c < v.length; c++) out[c - 1] = cellText(v[c]);
        yield { rowNumber: row.number, values: out }; // callers: consume to the end (collect errors, don't break)
      }
    }
  } catch (e) {
    if (e instanceof XlsxRejected) throw e;
    throw new XlsxRejected('unreadable-xlsx', String(e?.message || e)); // exceljs errors on malformed sheets
  } finally {
    input.destroy();
  }
  if (failure) throw failure;
}
