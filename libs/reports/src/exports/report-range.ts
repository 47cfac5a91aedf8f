import { ReportRangeReversedError, ReportRangeTooLongError } from './export-report-errors.js';

/** The most years a report's range may span (by calendar year), so every period stays computable. */
const MAX_REPORT_YEARS = 20;

/**
 * Checks a report's range of calendar days (YYYY-MM-DD, both inclusive; each day is checked by the query's
 * `@IsCalendarDay`): in order, not too long.
 */
export function checkReportRange(from: string, to: string): void {
  if (from > to) throw new ReportRangeReversedError(from, to);
  if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > MAX_REPORT_YEARS) {
    throw new ReportRangeTooLongError(from, to, MAX_REPORT_YEARS);
  }
}
