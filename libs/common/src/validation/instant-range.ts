import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';
import { problemDecorator } from './problem-decorator.js';

/** The instants the service plans and records: wide enough for any train, narrow enough for any ETA. */
const EARLIEST_INSTANT = '2000-01-01T00:00:00Z';
const LATEST_INSTANT = '2100-12-31T23:59:59Z';

/** Why `value` (a timestamp, its format checked elsewhere) is outside [EARLIEST_INSTANT, LATEST_INSTANT], or null. */
export function instantRangeProblem(value: unknown): string | null {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) return null;
  return time < Date.parse(EARLIEST_INSTANT) || time > Date.parse(LATEST_INSTANT)
    ? `must be from ${EARLIEST_INSTANT.slice(0, 10)} to ${LATEST_INSTANT.slice(0, 10)}`
    : null;
}

/**
 * A timestamp from 2000 to 2100: a train planned for 9999 would be given an ETA past year 9999, which is
 * no RFC 3339 timestamp any more. Pair it with the format check (IsISO8601); this one checks only the range.
 */
export const IsInstantInRange = problemDecorator('isInstantInRange', instantRangeProblem);

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant as the contract takes one: RFC 3339 with an offset (ISO 8601 alone also lets through `2024`
 * or `2024-W10`, which PostgreSQL then refuses), from 2000 to 2100.
 */
export const IsTimestamp = () =>
  applyDecorators(
    IsISO8601({ strict: true }),
    Matches(RFC3339, { message: 'must be an RFC 3339 timestamp with an offset, e.g. 2024-03-22T14:05:00+08:00' }),
    (target: object, key: string | symbol) => IsInstantInRange()(target, String(key)),
  );
