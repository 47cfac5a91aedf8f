import {
  type RangeBound,
  ReportDateNotOnCalendarError,
  ReportRangeReversedError,
  ReportRangeTooLongError,
} from './export-report-errors.js';

/** The most years a report's range may span (by calendar year), so every period stays computable. */
const MAX_REPORT_YEARS = 20;

/** Checks a report's range of days (YYYY-MM-DD, both inclusive): calendar days, in order, not too long. */
export function checkReportRange(from: string, to: string): void {
  const valid = (date: string) => {
    const at = Date.parse(`${date}T00:00:00Z`);
    return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === date;
  };
  const invalid = (['from', 'to'] as const).filter((bound: RangeBound) => !valid(bound === 'from' ? from : to));
  if (invalid.length) throw new ReportDateNotOnCalendarError(invalid);
  if (from > to) throw new ReportRangeReversedError(from, to);
  if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > MAX_REPORT_YEARS) {
    throw new ReportRangeTooLongError(from, to, MAX_REPORT_YEARS);
  }
}
