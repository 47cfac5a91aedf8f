import { InvalidInputError } from '@landbridge/common';

/** Which end of a report's range: its first day or its last. */
export type RangeBound = 'from' | 'to';

/** A day of the range that the calendar does not have (2023-02-30). */
export class ReportDateNotOnCalendarError extends InvalidInputError {
  constructor(readonly bounds: RangeBound[]) {
    super(
      'Invalid dates',
      bounds.map((field) => ({ field, message: 'is not a day of the calendar' })),
      'report-date-not-on-calendar',
    );
  }
}

/** A range whose last day comes before its first. */
export class ReportRangeReversedError extends InvalidInputError {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super('The range is reversed', [{ field: 'to', message: 'must not be before from' }], 'report-range-reversed');
  }
}

/** A range spanning more years than a report covers. */
export class ReportRangeTooLongError extends InvalidInputError {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly maxYears: number,
  ) {
    super(
      'The range is too long',
      [{ field: 'to', message: `must be within ${maxYears} years of from` }],
      'report-range-too-long',
    );
  }
}

/** An exporter asking for another organization's figures. */
export class OtherExporterFiguresError extends InvalidInputError {
  constructor(readonly exporterId: string) {
    super(
      'Exporters see their own figures only',
      [{ field: 'exporterId', message: 'must be your own organization (or omitted)' }],
      'other-exporter-figures',
    );
  }
}
