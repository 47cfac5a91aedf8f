/**
 * Freight container numbers (ISO 6346), written as 11 characters without spaces: `CSQU3054383` is
 * owner code `CSQ`, category `U`, serial `305438`, check digit `3`.
 *
 * Categories: U freight container, J detachable container-related equipment, Z trailer or chassis.
 */

const CONTAINER_NUMBER_LENGTH = 11;

/** Owner code, category letter and serial: everything the check digit covers. */
const BODY_PATTERN = /^[A-Z]{3}[UJZ][0-9]{6}$/;

/**
 * Letter values: A is 10 and each next letter one more, skipping multiples of 11 (so B is 12, L 23,
 * V 34). Letters are thereby never worth 0 mod 11, but they still are not distinct mod 11: A, K and U
 * are all 10, B, L and V all 1, and so on.
 */
const LETTER_VALUES: ReadonlyMap<string, number> = (() => {
  const values = new Map<string, number>();
  let value = 10;
  for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (value % 11 === 0) value++;
    values.set(letter, value++);
  }
  return values;
})();

/**
 * The check digit for the first 10 characters of a container number (owner code, category, serial),
 * e.g. `CSQU305438` → `3`; null when they are not 3 capital letters, U/J/Z and 6 digits.
 */
export function containerCheckDigit(ownerCategorySerial: string): string | null {
  if (!BODY_PATTERN.test(ownerCategorySerial)) return null;
  let sum = 0;
  [...ownerCategorySerial].forEach((char, i) => {
    sum += (LETTER_VALUES.get(char) ?? Number(char)) * 2 ** i;
  });
  // A remainder of 10 is written 0, the same as a remainder of 0 (ISO 6346 advises owners against
  // serials that produce it): a container number with check digit 0 is less well protected.
  return String((sum % 11) % 10);
}

/** Why a value is not a valid ISO 6346 container number, in a few words; null when it is one. */
export function containerNumberProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length !== CONTAINER_NUMBER_LENGTH) return 'must be 11 characters, e.g. CSQU3054383';
  if (!/^[A-Z]{3}/.test(value)) return 'owner code must be 3 capital letters';
  if (!/^...[UJZ]/.test(value)) return 'category letter must be U, J or Z';
  if (!/^....[0-9]{7}$/.test(value)) return 'serial number and check digit must be 7 digits';
  const expected = containerCheckDigit(value.slice(0, CONTAINER_NUMBER_LENGTH - 1));
  if (value[CONTAINER_NUMBER_LENGTH - 1] !== expected) return `check digit mismatch: expected ${expected}`;
  return null;
}

export function isValidContainerNumber(value: unknown): boolean {
  return containerNumberProblem(value) === null;
}
