/**
 * Vehicle identification numbers (ISO 3779; GB 16735 in China).
 *
 * 17 characters: digits and capital letters except I, O and Q. Position 9 is a check digit over the
 * other 16: letters are transliterated to digits, each position is weighted, the sum is taken mod 11,
 * and a remainder of 10 is written `X`. Input is not normalised: lowercase is rejected, not fixed.
 */

const VIN_LENGTH = 17;
const CHECK_DIGIT_INDEX = 8;

/** Digits and capital letters except I, O, Q, exactly 17 of them. */
const VIN_PATTERN = /^[0-9A-HJ-NPR-Z]{17}$/;

// Letters count as digits; several letters share a value (A and J are both 1), so the check digit
// cannot tell them apart.
// prettier-ignore
const TRANSLITERATION: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};

// Position 9 (the check digit itself) has weight 0.
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;

/**
 * The check digit a VIN should carry at position 9 (`0`–`9` or `X`), whatever is there now; null when
 * the VIN is not 17 characters of the ISO 3779 alphabet.
 */
export function vinCheckDigit(vin: string): string | null {
  if (!VIN_PATTERN.test(vin)) return null;
  let sum = 0;
  [...vin].forEach((char, i) => {
    sum += (TRANSLITERATION[char] ?? Number(char)) * WEIGHTS[i]!;
  });
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/** Why a value is not a valid VIN, in a few words; null when it is one. */
export function vinProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length !== VIN_LENGTH) return 'must be 17 characters';
  const expected = vinCheckDigit(value);
  if (expected === null) return 'contains I, O or Q or a character outside ISO 3779';
  if (value[CHECK_DIGIT_INDEX] !== expected) return `check digit mismatch: expected ${expected}`;
  return null;
}

export function isValidVin(value: unknown): boolean {
  return vinProblem(value) === null;
}
