import { TRANSSHIPPED } from './event-types.js';
import type { JourneyEvent, PlannedStop } from './journey.js';
import {
  NotAGaugeChangeError,
  NotArrivedAtStationError,
  StationNotOnRouteError,
  TrainAlreadyArrivedError,
} from './journey-errors.js';

/** A stop of a route, with whether the gauge changes there. */
export interface GaugeStop extends PlannedStop {
  gaugeChange: boolean;
}

/**
 * Where and when a train may change gauge, against its train events so far: at a stop of its route marked
 * as a gauge change, once it has arrived there (an ARRIVED_AT_STATION there at or before the time), and
 * before its arrival at the destination is recorded. The time and route order rules of every train event
 * (checkTrainEvent) apply besides.
 */
export function checkTransshipment(
  routeCode: string,
  stops: readonly GaugeStop[],
  trainNumber: string,
  trainEvents: readonly JourneyEvent[],
  stationCode: string,
  occurredAt: Date,
): JourneyEvent {
  const stop = stops.find((s) => s.stationCode === stationCode);
  if (!stop) throw new StationNotOnRouteError(stationCode, routeCode);
  if (!stop.gaugeChange) {
    throw new NotAGaugeChangeError(
      stationCode,
      routeCode,
      stops.filter((s) => s.gaugeChange).map((s) => s.stationCode),
    );
  }
  const arrived = trainEvents.find((e) => e.type === 'ARRIVED');
  if (arrived) throw new TrainAlreadyArrivedError(trainNumber, arrived.occurredAt);
  if (
    !trainEvents.some(
      (e) => e.type === 'ARRIVED_AT_STATION' && e.stationCode === stationCode && e.occurredAt <= occurredAt,
    )
  ) {
    throw new NotArrivedAtStationError(trainNumber, stationCode, occurredAt);
  }
  return {
    type: TRANSSHIPPED,
    stationCode,
    occurredAt,
    consignmentId: null,
    vin: null,
    note: null,
    delayHours: null,
    seq: Number.MAX_SAFE_INTEGER,
  };
}
