/**
 * Railway wagon numbers, digits only (no spaces or hyphens):
 * - standard gauge: the 12-digit UIC number, digits 3–4 the country code (CN 33, MN 31, RU 20, KZ 27);
 * - broad gauge (1520 mm): the 8-digit number of the CIS/Baltic system.
 * In both the last digit is a Luhn check digit over the others.
 *
 * The country code is not checked: a UIC number from any railway is accepted.
 */

const UIC_PATTERN = /^[0-9]{12}$/;
const BROAD_GAUGE_PATTERN = /^[0-9]{8}$/;
const BODY_PATTERN = /^(?:[0-9]{11}|[0-9]{7})$/;

/**
 * The Luhn check digit for the 11 digits of a UIC number or the 7 digits of a broad-gauge number
 * before their check digit; null for anything else.
 *
 * Weights 2, 1, 2, 1 … from the left; the digits of each product are added (14 counts as 1 + 4), and
 * the check digit tops the sum up to a multiple of 10. Both bodies have an odd length, so this is the
 * same as the usual right-to-left Luhn.
 */
export function wagonCheckDigit(digitsWithoutCheck: string): string | null {
  if (!BODY_PATTERN.test(digitsWithoutCheck)) return null;
  let sum = 0;
  for (let i = 0; i < digitsWithoutCheck.length; i++) {
    const product = Number(digitsWithoutCheck[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product; // digit sum of a product of at most 18
  }
  return String((10 - (sum % 10)) % 10);
}

function hasValidCheckDigit(digits: string): boolean {
  return wagonCheckDigit(digits.slice(0, -1)) === digits.slice(-1);
}

/** A 12-digit UIC (standard-gauge) wagon number with a correct check digit. */
export function isValidUicWagonNumber(value: unknown): boolean {
  return typeof value === 'string' && UIC_PATTERN.test(value) && hasValidCheckDigit(value);
}

/** An 8-digit broad-gauge (1520 mm) wagon number with a correct check digit. */
export function isValidBroadGaugeWagonNumber(value: unknown): boolean {
  return typeof value === 'string' && BROAD_GAUGE_PATTERN.test(value) && hasValidCheckDigit(value);
}

/** Why a value is not a valid wagon number of either kind, in a few words; null when it is one. */
export function wagonNumberProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (!/^[0-9]*$/.test(value)) return 'must contain digits only';
  if (!UIC_PATTERN.test(value) && !BROAD_GAUGE_PATTERN.test(value)) {
    return 'must be 12 digits (UIC) or 8 digits (1520 mm broad gauge)';
  }
  const expected = wagonCheckDigit(value.slice(0, -1));
  if (value.slice(-1) !== expected) return `check digit mismatch: expected ${expected}`;
  return null;
}

/** A valid wagon number of either kind: 12-digit UIC or 8-digit broad gauge. */
export function isValidWagonNumber(value: unknown): boolean {
  return wagonNumberProblem(value) === null;
}
