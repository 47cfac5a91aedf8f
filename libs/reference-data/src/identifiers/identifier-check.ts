import {
  containerCheckDigit,
  containerNumberProblem,
  vinCheckDigit,
  vinProblem,
  wagonCheckDigit,
  wagonNumberProblem,
} from '@landbridge/common';
import { NoIdentifierGivenError } from '../reference-data-errors.js';

const IDENTIFIER_KINDS = ['vin', 'container', 'wagon'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** What the service makes of one identifier: whether it would accept it, and if not, why. */
export interface IdentifierCheck {
  value: string;
  valid: boolean;
  reason?: string;
  /** The check digit the rest of the value calls for, when it is wrong or missing and can be computed. */
  expectedCheckDigit?: string;
}

export type IdentifierValidation = { valid: boolean } & Partial<Record<IdentifierKind, IdentifierCheck>>;

interface CheckDigitRule {
  problem(value: string): string | null;
  /** The check digit to append when the value is everything but it (a container's first 10 characters). */
  toAppend(value: string): string | null;
  /** The check digit a value of full length should carry. */
  expectedIn(value: string): string | null;
}

const FULL_WAGON_NUMBER = /^(?:[0-9]{12}|[0-9]{8})$/;

// The rules themselves live in libs/common (the validators of every request use them); this only adds
// what a person making or checking a number wants to know besides "invalid".
const RULES: Record<IdentifierKind, CheckDigitRule> = {
  // The check digit sits in the middle of a VIN (position 9): a VIN without it is not a shorter string.
  vin: { problem: vinProblem, toAppend: () => null, expectedIn: vinCheckDigit },
  container: {
    problem: containerNumberProblem,
    toAppend: containerCheckDigit,
    expectedIn: (value) => (value.length === 11 ? containerCheckDigit(value.slice(0, 10)) : null),
  },
  wagon: {
    problem: wagonNumberProblem,
    toAppend: wagonCheckDigit,
    expectedIn: (value) => (FULL_WAGON_NUMBER.test(value) ? wagonCheckDigit(value.slice(0, -1)) : null),
  },
};

/** One identifier of `kind` checked as the service checks it on input (after upper-casing it). */
export function checkIdentifier(kind: IdentifierKind, value: string): IdentifierCheck {
  const rule = RULES[kind];
  const reason = rule.problem(value);
  if (reason === null) return { value, valid: true };
  const missing = rule.toAppend(value);
  if (missing !== null) {
    return { value, valid: false, reason: `check digit missing: expected ${missing}`, expectedCheckDigit: missing };
  }
  const expected = rule.expectedIn(value);
  return { value, valid: false, reason, ...(expected === null ? {} : { expectedCheckDigit: expected }) };
}

/** Each identifier given, checked; `valid` when all of them are. At least one must be given. */
export function validateIdentifiers(values: Partial<Record<IdentifierKind, string>>): IdentifierValidation {
  const given = IDENTIFIER_KINDS.filter((kind) => values[kind] !== undefined);
  if (given.length === 0) throw new NoIdentifierGivenError(IDENTIFIER_KINDS);
  const checks = given.map((kind) => [kind, checkIdentifier(kind, values[kind]!)] as const);
  return { valid: checks.every(([, check]) => check.valid), ...Object.fromEntries(checks) };
}
