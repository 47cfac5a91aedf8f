import type { EventType } from './event-types.js';
import { consignmentStatus, type JourneyEvent, type PlannedStop } from './journey.js';
import {
  ArrivalAwayFromDestinationError,
  ConsignmentEventImpossibleError,
  DepartureAwayFromOriginError,
  EventInFutureError,
  EventOutOfOrderError,
  StationNotOnRouteError,
  StationNotOnWayError,
  TrainAlreadyArrivedError,
  TrainAlreadyDepartedError,
  TrainNotDepartedError,
} from './journey-errors.js';

const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** At one stop, in time order: the train arrives, its gauge is changed (recorded bare or as the transshipment), it departs. */
const STOP_ORDER: Partial<Record<EventType, number>> = {
  ARRIVED_AT_STATION: 0,
  GAUGE_CHANGED: 1,
  TRANSSHIPPED: 1,
  DEPARTED_STATION: 2,
};

/** An event may not be dated more than five minutes ahead of the server's clock. */
export function checkNotInFuture(event: JourneyEvent, now = new Date()): void {
  if (event.occurredAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new EventInFutureError(event.occurredAt, now);
  }
}

/**
 * A new train event against the train's events so far (any order of arrival): the station is a stop of the
 * route, DEPARTED comes first and from the origin, ARRIVED last and at the destination, and time and
 * route order agree — nothing at a later stop before something at an earlier one.
 */
export function checkTrainEvent(
  routeCode: string,
  stops: readonly PlannedStop[],
  trainNumber: string,
  existing: readonly JourneyEvent[],
  event: JourneyEvent,
): void {
  const index = new Map(stops.map((stop, i) => [stop.stationCode, i]));
  const at = index.get(event.stationCode);
  if (at === undefined) throw new StationNotOnRouteError(event.stationCode, routeCode);
  const departed = existing.find((e) => e.type === 'DEPARTED');
  const arrived = existing.find((e) => e.type === 'ARRIVED');
  if (event.type === 'DEPARTED') {
    if (departed) throw new TrainAlreadyDepartedError(trainNumber, departed.occurredAt);
    if (at !== 0) throw new DepartureAwayFromOriginError(event.stationCode, stops[0]!.stationCode, routeCode);
  } else if (!departed) {
    throw new TrainNotDepartedError(trainNumber);
  }
  if (event.type === 'ARRIVED') {
    if (arrived) throw new TrainAlreadyArrivedError(trainNumber, arrived.occurredAt);
    if (at !== stops.length - 1) {
      throw new ArrivalAwayFromDestinationError(event.stationCode, stops.at(-1)!.stationCode, routeCode);
    }
  }
  if (departed && event.occurredAt < departed.occurredAt) {
    throw new EventOutOfOrderError(event, { kind: 'before-departure', departedAt: departed.occurredAt });
  }
  if (arrived && event.occurredAt > arrived.occurredAt) {
    throw new EventOutOfOrderError(event, { kind: 'after-arrival', arrivedAt: arrived.occurredAt });
  }
  for (const other of existing) {
    const otherAt = index.get(other.stationCode) ?? -1;
    if (event.type === 'DEPARTED' && other.occurredAt < event.occurredAt) {
      throw new EventOutOfOrderError(event, { kind: 'departure-after', other });
    }
    if (event.type === 'ARRIVED' && other.occurredAt > event.occurredAt) {
      throw new EventOutOfOrderError(event, { kind: 'arrival-before', other });
    }
    if (otherAt < at && other.occurredAt > event.occurredAt) {
      throw new EventOutOfOrderError(event, { kind: 'before-earlier-stop', other });
    }
    if (otherAt > at && other.occurredAt < event.occurredAt) {
      throw new EventOutOfOrderError(event, { kind: 'after-later-stop', other });
    }
    const [mine, theirs] = [STOP_ORDER[event.type], STOP_ORDER[other.type]];
    if (otherAt === at && mine !== undefined && theirs !== undefined) {
      if (
        (mine < theirs && event.occurredAt > other.occurredAt) ||
        (mine > theirs && event.occurredAt < other.occurredAt)
      ) {
        throw new EventOutOfOrderError(event, { kind: 'against-stop-order', other });
      }
    }
  }
}

/**
 * A new consignment event: its station is on the route (or the consignment's destination), and the
 * consignment's events with it, in time order, stay possible (no second hold while one is open, away
 * from the origin only after departure, delivery only after arrival and not while held).
 */
export function checkConsignmentEvent(
  routeCode: string,
  stops: readonly PlannedStop[],
  destinationStationCode: string,
  timeline: readonly JourneyEvent[],
  event: JourneyEvent,
): void {
  if (event.stationCode !== destinationStationCode && !stops.some((s) => s.stationCode === event.stationCode)) {
    throw new StationNotOnWayError(event.stationCode, routeCode, destinationStationCode);
  }
  const { violation } = consignmentStatus(timeline, stops[0]?.stationCode);
  if (violation) throw new ConsignmentEventImpossibleError(event, violation);
}
