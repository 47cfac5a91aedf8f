import { XLSX_CONTENT_TYPE } from './spreadsheet-upload.js';

/** The formats a spreadsheet download is written in. */
export type SpreadsheetFormat = 'csv' | 'xlsx';

/** The media type of each download format, as `Accept` names it (CSV first: it is the default). */
export const SPREADSHEET_MEDIA_TYPES: Readonly<Record<SpreadsheetFormat, string>> = {
  csv: 'text/csv',
  xlsx: XLSX_CONTENT_TYPE,
};

const FORMATS = Object.keys(SPREADSHEET_MEDIA_TYPES) as SpreadsheetFormat[];

/** One media range of an Accept header: `type/subtype` (lower case, maybe with wildcards) and its quality. */
interface MediaRange {
  type: string;
  q: number;
}

/**
 * The format an endpoint that answers only with spreadsheets writes: the one Accept ranks highest, CSV on a
 * tie, a missing or empty header, `*\/*` or `text/*`; undefined when Accept admits neither (406). A range
 * counts by its most specific match (`text/csv;q=0, *\/*` refuses CSV, RFC 9110 §12.5.1).
 */
export function preferredSpreadsheetFormat(accept: string | undefined): SpreadsheetFormat | undefined {
  if (accept === undefined || accept.trim() === '') return 'csv';
  const ranges = mediaRanges(accept);
  let best: { format: SpreadsheetFormat; q: number } | undefined;
  for (const format of FORMATS) {
    const q = qualityOf(SPREADSHEET_MEDIA_TYPES[format], ranges);
    if (q > 0 && (best === undefined || q > best.q)) best = { format, q };
  }
  return best?.format;
}

/**
 * The spreadsheet format Accept names explicitly (`text/csv` or the XLSX type, with a quality above zero),
 * the higher ranked one, CSV on a tie; undefined when it names neither. For an endpoint whose default answer
 * is JSON, where a wildcard must keep JSON.
 */
export function namedSpreadsheetFormat(accept: string | undefined): SpreadsheetFormat | undefined {
  const ranges = mediaRanges(accept);
  let best: { format: SpreadsheetFormat; q: number } | undefined;
  for (const format of FORMATS) {
    const q = ranges.find((range) => range.type === SPREADSHEET_MEDIA_TYPES[format])?.q ?? 0;
    if (q > 0 && (best === undefined || q > best.q)) best = { format, q };
  }
  return best?.format;
}

/** The quality Accept gives a media type: that of the most specific range matching it, 0 when none does. */
function qualityOf(mediaType: string, ranges: MediaRange[]): number {
  const [major] = mediaType.split('/');
  const exact = ranges.find((range) => range.type === mediaType);
  const group = ranges.find((range) => range.type === `${major}/*`);
  const any = ranges.find((range) => range.type === '*/*');
  return (exact ?? group ?? any)?.q ?? 0;
}

function mediaRanges(accept: string | undefined): MediaRange[] {
  if (!accept) return [];
  return accept.split(',').map((part) => {
    const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    const q = quality === undefined ? 1 : Number(quality.slice(2));
    return { type, q: Number.isNaN(q) ? 0 : q };
  });
}
