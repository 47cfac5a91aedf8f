import type { TrainEventInput } from './api-types.js';

/** Times `hours` after a departure (epoch ms), as RFC 3339, and train events at such times. */
export function hoursAfter(departure: number): {
  at: (hours: number) => string;
  event: (type: TrainEventInput['type'], stationCode: string, hours: number) => TrainEventInput;
} {
  const at = (hours: number) => new Date(departure + hours * 3_600_000).toISOString();
  return { at, event: (type, stationCode, hours) => ({ type, stationCode, occurredAt: at(hours) }) };
}
