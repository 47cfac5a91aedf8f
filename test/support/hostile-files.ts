/**
 * The hostile uploads of the manifests issue, for the e2e suite and the bench alike: each built as a
 * stream, so that a file inflating to 200 MB is a 2 MB upload, and each with the manifest's `header` and a
 * valid data `row` where it needs them.
 */
import { columnLetters, repeated, sheetPart, streamedXlsx, textRow } from './xlsx-files.js';

const MB = 1_000_000;

/** An XLSX whose one sheet inflates to 200 MB of the same row. */
export const zipBombXlsx = (header: readonly string[], row: string[]): Buffer =>
  streamedXlsx(sheetPart([textRow(1, [...header]), ...repeated(textRow(2, row), 200 * MB)]));

/** An XLSX of a one-row sheet behind a 200 MB shared-strings table. */
export const sharedStringsBombXlsx = (header: readonly string[]): Buffer =>
  streamedXlsx(sheetPart([textRow(1, [...header])]), [
    [
      'xl/sharedStrings.xml',
      [
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
        ...repeated('<si><t>LGXCH4CD3S2107503</t></si>', 200 * MB),
        '</sst>',
      ],
    ],
  ]);

/** A CSV of `count` copies of `row`. */
export const manyRowsCsv = (header: readonly string[], row: string[], count: number): string =>
  `${header.join(',')}\n${`${row.join(',')}\n`.repeat(count)}`;

/** An XLSX of `count` copies of `row`. */
export function manyRowsXlsx(header: readonly string[], row: string[], count: number): Buffer {
  function* rows() {
    yield textRow(1, [...header]);
    for (let r = 2; r <= count + 1; r++) yield textRow(r, row);
  }
  return streamedXlsx(sheetPart(rows()));
}

/** A CSV whose second row has a million and one cells. */
export const millionColumnsCsv = (header: readonly string[]): string =>
  `${header.join(',')}\n${'x,'.repeat(1_000_000)}x\n`;

/** An XLSX whose second row has a million cells (its references run past XFD). */
export function millionColumnsXlsx(header: readonly string[]): Buffer {
  function* million() {
    yield '<row r="2">';
    for (let c = 0; c < 1_000_000; c += 1000) {
      yield Array.from({ length: 1000 }, (_, i) => `<c r="${columnLetters(c + i)}2"><v>1</v></c>`).join('');
    }
    yield '</row>';
  }
  return streamedXlsx(sheetPart([textRow(1, [...header]), ...million()]));
}
