// Copyable: streaming XLSX writer (exceljs 4.4.0 WorkbookWriter) to any Writable (HTTP response, file).
// Rows go out as they are committed; memory stays flat (no shared-strings table, no styles).
import ExcelJS from 'exceljs';

/** rows: async iterable of arrays (strings / numbers / null); out: a Writable such as reply.raw */
export async function writeXlsx(out, header, rows, { sheetName = 'Manifest', maxRows = 1_000_000 } = {}) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(header).commit();
  let n = 0;
  for await (const r of rows) {
    if (++n > maxRows) throw new Error('too many rows');
    // Plain JS strings become string cells (inlineStr), never formulas, even when they start with '=':
    // exceljs only writes <f> for { formula } objects. (The leading-apostrophe rule is for CSV output.)
    ws.addRow(r).commit();
  }
  ws.commit();
  await wb.commit(); // ends `out`
}
