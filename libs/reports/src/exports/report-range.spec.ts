import { ReportRangeReversedError, ReportRangeTooLongError } from './export-report-errors.js';
import { checkReportRange } from './report-range.js';

describe('the range of a report', () => {
  it('accepts calendar days in order, a single day, and twenty years', () => {
    expect(() => checkReportRange('2022-01-01', '2024-03-31')).not.toThrow();
    expect(() => checkReportRange('2024-02-29', '2024-02-29')).not.toThrow();
    expect(() => checkReportRange('2000-01-01', '2020-12-31')).not.toThrow();
  });

  it('refuses a reversed range on its last day', () => {
    const error = catchError(() => checkReportRange('2024-03-01', '2024-02-29'));
    expect(error).toBeInstanceOf(ReportRangeReversedError);
    expect(error).toMatchObject({
      message: 'The range is reversed',
      from: '2024-03-01',
      to: '2024-02-29',
      errors: [{ field: 'to', message: 'must not be before from' }],
    });
  });

  it('refuses more than twenty calendar years', () => {
    const error = catchError(() => checkReportRange('2000-12-31', '2021-01-01'));
    expect(error).toBeInstanceOf(ReportRangeTooLongError);
    expect(error).toMatchObject({
      message: 'The range is too long',
      maxYears: 20,
      errors: [{ field: 'to', message: 'must be within 20 years of from' }],
    });
  });
});

function catchError(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
