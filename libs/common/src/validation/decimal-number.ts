import type { ValidationOptions } from 'class-validator';
import { problemDecorator } from './problem-decorator.js';

/** Why `value` is not a finite number with at most `places` decimals, or null. */
export function decimalNumberProblem(value: unknown, places: number): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
  // Rounded to `places` decimals and read back, a number with no more decimals is unchanged.
  return Number(value.toFixed(places)) === value ? null : `must have at most ${places} decimal places`;
}

/**
 * A finite number with at most `places` decimals. class-validator's IsNumber({ maxDecimalPlaces }) counts
 * the decimals of the number's text and throws on one JavaScript writes with an exponent (1e-7), which
 * made a 500 of a bad value.
 */
export function IsDecimalNumber(places: number, options?: ValidationOptions) {
  return problemDecorator('isDecimalNumber', (value) => decimalNumberProblem(value, places))(options);
}
