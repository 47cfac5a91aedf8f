import { InvalidInputError } from '@landbridge/common';

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
