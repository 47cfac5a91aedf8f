import { instantRangeProblem } from './instant-range.js';

describe('instantRangeProblem', () => {
  it('accepts 2000 to 2100, in any offset', () => {
    expect(instantRangeProblem('2000-01-01T00:00:00Z')).toBeNull();
    expect(instantRangeProblem('2024-03-20T09:30:00+08:00')).toBeNull();
    expect(instantRangeProblem('2100-12-31T23:59:59Z')).toBeNull();
  });

  it('refuses what lies outside, naming the bounds', () => {
    expect(instantRangeProblem('9999-12-31T23:59:59Z')).toBe('must be from 2000-01-01 to 2100-12-31');
    expect(instantRangeProblem('1999-12-31T23:59:59Z')).toBe('must be from 2000-01-01 to 2100-12-31');
    expect(instantRangeProblem('2000-01-01T07:59:59+08:00')).toBe('must be from 2000-01-01 to 2100-12-31');
  });

  it('leaves a value that is no timestamp to the format check', () => {
    expect(instantRangeProblem('tomorrow')).toBeNull();
    expect(instantRangeProblem(42)).toBeNull();
  });
});
