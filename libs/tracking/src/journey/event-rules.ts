import { ConflictError, InvalidInputError } from '@landbridge/common';
import { consignmentStatus, type JourneyEvent, type PlannedStop } from './journey.js';

const MAX_CLOCK_SKEW_MS = 5 * 60_000;

const describe = (event: JourneyEvent) => `${event.type} at ${event.stationCode} (${event.occurredAt.toISOString()})`;

/** An event may not be dated more than five minutes ahead of the server's clock. */
export function checkNotInFuture(event: JourneyEvent, now = new Date()): void {
  if (event.occurredAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new InvalidInputError('The event is dated in the future', [
      { field: 'occurredAt', message: `is more than 5 minutes after the server's time ${now.toISOString()}` },
    ]);
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
  if (at === undefined) {
    throw new InvalidInputError('The station is not on the train’s route', [
      { field: 'stationCode', message: `${event.stationCode} is not a stop of route ${routeCode}` },
    ]);
  }
  const departed = existing.find((e) => e.type === 'DEPARTED');
  const arrived = existing.find((e) => e.type === 'ARRIVED');
  if (event.type === 'DEPARTED') {
    if (departed)
      throw new ConflictError(`Train ${trainNumber} already departed at ${departed.occurredAt.toISOString()}`);
    if (at !== 0) {
      throw new InvalidInputError('A train departs from the origin of its route', [
        { field: 'stationCode', message: `must be ${stops[0]!.stationCode}, the origin of route ${routeCode}` },
      ]);
    }
  } else if (!departed) {
    throw new ConflictError(`Train ${trainNumber} has not departed: record its DEPARTED event first`);
  }
  if (event.type === 'ARRIVED') {
    if (arrived) throw new ConflictError(`Train ${trainNumber} already arrived at ${arrived.occurredAt.toISOString()}`);
    if (at !== stops.length - 1) {
      throw new InvalidInputError('A train arrives at the destination of its route', [
        {
          field: 'stationCode',
          message: `must be ${stops.at(-1)!.stationCode}, the destination of route ${routeCode}`,
        },
      ]);
    }
  }
  if (departed && event.occurredAt < departed.occurredAt) {
    throw outOfOrder(`is before the train's departure at ${departed.occurredAt.toISOString()}`);
  }
  if (arrived && event.occurredAt > arrived.occurredAt) {
    throw outOfOrder(`is after the train's arrival at ${arrived.occurredAt.toISOString()}`);
  }
  for (const other of existing) {
    const otherAt = index.get(other.stationCode) ?? -1;
    if (event.type === 'DEPARTED' && other.occurredAt < event.occurredAt) {
      throw outOfOrder(`is after ${describe(other)}, already recorded`);
    }
    if (event.type === 'ARRIVED' && other.occurredAt > event.occurredAt) {
      throw outOfOrder(`is before ${describe(other)}, already recorded`);
    }
    if (otherAt < at && other.occurredAt > event.occurredAt) {
      throw outOfOrder(`is before ${describe(other)}, an earlier stop of the route`);
    }
    if (otherAt > at && other.occurredAt < event.occurredAt) {
      throw outOfOrder(`is after ${describe(other)}, a later stop of the route`);
    }
  }

  function outOfOrder(message: string): InvalidInputError {
    return new InvalidInputError('The event contradicts the train’s route or its recorded events', [
      { field: 'occurredAt', message },
    ]);
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
    throw new InvalidInputError('The station is not on the consignment’s way', [
      { field: 'stationCode', message: `${event.stationCode} is not a stop of route ${routeCode}` },
    ]);
  }
  const { violation } = consignmentStatus(timeline, stops[0]?.stationCode);
  if (violation) {
    throw new ConflictError(
      violation.event === event
        ? `${describe(event)} cannot be recorded: ${violation.reason}`
        : `${describe(event)} cannot be recorded: ${describe(violation.event)}, already recorded, would then be impossible, as ${violation.reason}`,
    );
  }
}
