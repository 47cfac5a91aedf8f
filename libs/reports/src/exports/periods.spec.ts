import { growthPct, nextDay, periodLabel, periodsBetween, periodStart, yearEarlier } from './periods.js';

describe('export report periods', () => {
  it('buckets a date into its month, quarter and year', () => {
    expect(periodStart('2024-02-29', 'month')).toBe('2024-02-01');
    expect(periodStart('2024-02-29', 'quarter')).toBe('2024-01-01');
    expect(periodStart('2024-12-31', 'quarter')).toBe('2024-10-01');
    expect(periodStart('2024-07-15', 'year')).toBe('2024-01-01');
  });

  it('labels periods as 2024-01, 2024-Q1 and 2024', () => {
    expect(periodLabel('2024-01-01', 'month')).toBe('2024-01');
    expect(periodLabel('2024-04-01', 'quarter')).toBe('2024-Q2');
    expect(periodLabel('2024-10-01', 'quarter')).toBe('2024-Q4');
    expect(periodLabel('2024-01-01', 'year')).toBe('2024');
  });

  it('lists every period of a range, across year ends, including empty ones', () => {
    expect(periodsBetween('2022-11-15', '2023-02-01', 'month')).toEqual([
      '2022-11-01',
      '2022-12-01',
      '2023-01-01',
      '2023-02-01',
    ]);
    expect(periodsBetween('2022-01-01', '2024-03-31', 'quarter')).toHaveLength(9);
    expect(periodsBetween('2022-01-01', '2024-03-31', 'year')).toEqual(['2022-01-01', '2023-01-01', '2024-01-01']);
    expect(periodsBetween('2024-03-05', '2024-03-05', 'month')).toEqual(['2024-03-01']);
  });

  it('steps back a year and forward a day on the calendar, leap days included', () => {
    expect(yearEarlier('2024-02-29')).toBe('2023-02-28');
    expect(yearEarlier('2024-03-01')).toBe('2023-03-01');
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    expect(nextDay('2024-02-29')).toBe('2024-03-01');
    expect(nextDay('2023-12-31')).toBe('2024-01-01');
  });

  it('states growth in percent with one decimal, and none without a base', () => {
    expect(growthPct('25830000000.00', '12510000000.00')).toBe(106.5);
    expect(growthPct('5500000000.00', '3437500000.00')).toBe(60);
    expect(growthPct('100.00', '0')).toBeNull();
    expect(growthPct('100.00', undefined)).toBeNull();
    expect(growthPct('50.00', '100.00')).toBe(-50);
  });
});
