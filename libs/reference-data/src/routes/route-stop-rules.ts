interface StopInput {
  sequence: number;
  stationCode: string;
  plannedHoursFromOrigin: number;
}

/** What is wrong with one stop of a route (`stop` is its index in the list). */
export type RouteStopProblem =
  | { stop: number; kind: 'origin-not-at-hour-0' }
  | { stop: number; kind: 'sequence-not-increasing'; previousSequence: number }
  | { stop: number; kind: 'hours-not-increasing'; previousHours: number }
  | { stop: number; kind: 'unknown-station'; stationCode: string }
  | { stop: number; kind: 'repeated-station'; stationCode: string };

/**
 * What makes a list of stops a route: it starts at hour 0, sequences and planned hours strictly
 * increase, no station appears twice and every station exists. Returns each problem, in stop order.
 */
export function routeStopProblems(
  stops: readonly StopInput[],
  existingStations: ReadonlySet<string>,
): RouteStopProblem[] {
  const problems: RouteStopProblem[] = [];
  const seen = new Set<string>();
  stops.forEach((stop, i) => {
    const previous = stops[i - 1];
    if (i === 0 && stop.plannedHoursFromOrigin !== 0) problems.push({ stop: 0, kind: 'origin-not-at-hour-0' });
    if (previous && stop.sequence <= previous.sequence) {
      problems.push({ stop: i, kind: 'sequence-not-increasing', previousSequence: previous.sequence });
    }
    if (previous && stop.plannedHoursFromOrigin <= previous.plannedHoursFromOrigin) {
      problems.push({ stop: i, kind: 'hours-not-increasing', previousHours: previous.plannedHoursFromOrigin });
    }
    if (!existingStations.has(stop.stationCode)) {
      problems.push({ stop: i, kind: 'unknown-station', stationCode: stop.stationCode });
    } else if (seen.has(stop.stationCode)) {
      problems.push({ stop: i, kind: 'repeated-station', stationCode: stop.stationCode });
    }
    seen.add(stop.stationCode);
  });
  return problems;
}
