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
