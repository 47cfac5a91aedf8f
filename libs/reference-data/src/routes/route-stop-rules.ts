import type { FieldError } from '@landbridge/common';

interface StopInput {
  sequence: number;
  stationCode: string;
  plannedHoursFromOrigin: number;
}

/**
 * What makes a list of stops a route: it starts at hour 0, sequences and planned hours strictly
 * increase, no station appears twice and every station exists. Returns one error per offending field.
 */
export function routeStopErrors(stops: readonly StopInput[], existingStations: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  stops.forEach((stop, i) => {
    const previous = stops[i - 1];
    if (i === 0 && stop.plannedHoursFromOrigin !== 0) {
      errors.push({ field: `stops[0].plannedHoursFromOrigin`, message: 'must be 0 at the origin' });
    }
    if (previous && stop.sequence <= previous.sequence) {
      errors.push({ field: `stops[${i}].sequence`, message: `must be greater than ${previous.sequence}` });
    }
    if (previous && stop.plannedHoursFromOrigin <= previous.plannedHoursFromOrigin) {
      errors.push({
        field: `stops[${i}].plannedHoursFromOrigin`,
        message: `must be greater than ${previous.plannedHoursFromOrigin}`,
      });
    }
    if (!existingStations.has(stop.stationCode)) {
      errors.push({ field: `stops[${i}].stationCode`, message: `station ${stop.stationCode} does not exist` });
    } else if (seen.has(stop.stationCode)) {
      errors.push({ field: `stops[${i}].stationCode`, message: `station ${stop.stationCode} is already on the route` });
    }
    seen.add(stop.stationCode);
  });
  return errors;
}
