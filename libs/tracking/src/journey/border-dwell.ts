import { inTimeOrder, type JourneyEvent } from './journey.js';

const HOUR_MS = 3_600_000;

/** A stop of a train's route, with what makes it part of a border crossing. */
export interface CrossingStop {
  stationCode: string;
  /** The station's kind (reference data): `border` stops in a row make a crossing. */
  kind: string;
  gaugeChange: boolean;
}

/** How long a train stood at a border crossing: from its arrival there to its departure after the gauge change. */
export interface BorderDwell {
  /** The crossing's gauge-change stop. */
  stationCode: string;
  arrivedAt: Date;
  /** Null while the train is still at the crossing. */
  departedAt: Date | null;
  /** To 0.1 h; null while the train is still at the crossing. */
  hours: number | null;
}

/**
 * The train's dwell at each border crossing of its route that it has reached. A crossing is a run of
 * consecutive `border` stops that holds a gauge-change stop (Erenhot and Zamyn-Uud). The dwell runs from
 * the ARRIVED_AT_STATION at the crossing's first stop (else the first event anywhere in the crossing,
 * when that arrival was never reported) to the DEPARTED_STATION at the gauge-change stop (else the first
 * event at a stop further on). Other events at the gauge-change stop (gauge changed, delayed, the
 * transshipment) are not a departure. Train events only, in any order.
 */
export function borderDwell(stops: readonly CrossingStop[], trainEvents: readonly JourneyEvent[]): BorderDwell[] {
  const events = inTimeOrder(trainEvents);
  const index = new Map(stops.map((stop, i) => [stop.stationCode, i]));
  const dwells: BorderDwell[] = [];
  for (let first = 0; first < stops.length; first++) {
    if (stops[first]!.kind !== 'border' || stops[first - 1]?.kind === 'border') continue;
    let last = first;
    while (stops[last + 1]?.kind === 'border') last++;
    for (let change = first; change <= last; change++) {
      if (!stops[change]!.gaugeChange) continue;
      const within = (e: JourneyEvent) => {
        const i = index.get(e.stationCode);
        return i !== undefined && i >= first && i <= last;
      };
      const arrival =
        events.find((e) => e.type === 'ARRIVED_AT_STATION' && e.stationCode === stops[first]!.stationCode) ??
        events.find(within);
      if (!arrival) continue;
      const after = events.filter((e) => e.occurredAt >= arrival.occurredAt);
      const departure =
        after.find((e) => e.type === 'DEPARTED_STATION' && e.stationCode === stops[change]!.stationCode) ??
        after.find((e) => (index.get(e.stationCode) ?? -1) > change);
      const departedAt = departure?.occurredAt ?? null;
      dwells.push({
        stationCode: stops[change]!.stationCode,
        arrivedAt: arrival.occurredAt,
        departedAt,
        hours: departedAt
          ? Math.round((departedAt.getTime() - arrival.occurredAt.getTime()) / (HOUR_MS / 10)) / 10
          : null,
      });
    }
  }
  return dwells;
}
