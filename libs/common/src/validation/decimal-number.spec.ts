import { decimalNumberProblem } from './decimal-number.js';

describe('decimalNumberProblem', () => {
  it.each([0, 1, 12.5, 12.25, -3.1, 1e6])('accepts %p with two decimals', (value) =>
    expect(decimalNumberProblem(value, 2)).toBeNull(),
  );

  it.each([
    [1e-7, 'must have at most 2 decimal places'],
    [5e-324, 'must have at most 2 decimal places'],
    [-8e-323, 'must have at most 2 decimal places'],
    [0.125, 'must have at most 2 decimal places'],
    [Number.NaN, 'must be a number'],
    [Number.POSITIVE_INFINITY, 'must be a number'],
    ['12', 'must be a number'],
  ])('refuses %p: %s', (value, problem) => expect(decimalNumberProblem(value, 2)).toBe(problem));
});
