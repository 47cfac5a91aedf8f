import { ConflictError, InvalidInputError } from '@landbridge/common';
import type { Breach, JourneyEvent, Violation } from './journey.js';

/** An event as a message names it: `ARRIVED_AT_STATION at MNZUU (2024-03-22T06:05:00.000Z)`. */
const describe = (event: JourneyEvent) => `${event.type} at ${event.stationCode} (${event.occurredAt.toISOString()})`;

/** An event dated more than the allowed clock skew after the server's time. */
export class EventInFutureError extends InvalidInputError {
  constructor(
    readonly occurredAt: Date,
    readonly now: Date,
  ) {
    super(
      'The event is dated in the future',
      [{ field: 'occurredAt', message: `is more than 5 minutes after the server's time ${now.toISOString()}` }],
      'event-in-future',
    );
  }
}

/** A train event at a station its route does not pass. */
export class StationNotOnRouteError extends InvalidInputError {
  constructor(
    readonly stationCode: string,
    readonly routeCode: string,
  ) {
    super(
      'The station is not on the train’s route',
      [{ field: 'stationCode', message: `${stationCode} is not a stop of route ${routeCode}` }],
      'station-not-on-route',
    );
  }
}

/** A consignment event at a station neither on its train's route nor its destination. */
export class StationNotOnWayError extends InvalidInputError {
  constructor(
    readonly stationCode: string,
    readonly routeCode: string,
    readonly destinationStationCode: string,
  ) {
    super(
      'The station is not on the consignment’s way',
      [{ field: 'stationCode', message: `${stationCode} is not a stop of route ${routeCode}` }],
      'station-not-on-way',
    );
  }
}

/** A train departs from the origin of its route. */
export class DepartureAwayFromOriginError extends InvalidInputError {
  constructor(
    readonly stationCode: string,
    readonly originStationCode: string,
    readonly routeCode: string,
  ) {
    super(
      'A train departs from the origin of its route',
      [{ field: 'stationCode', message: `must be ${originStationCode}, the origin of route ${routeCode}` }],
      'departure-away-from-origin',
    );
  }
}

/** A train arrives at the destination of its route. */
export class ArrivalAwayFromDestinationError extends InvalidInputError {
  constructor(
    readonly stationCode: string,
    readonly destinationStationCode: string,
    readonly routeCode: string,
  ) {
    super(
      'A train arrives at the destination of its route',
      [{ field: 'stationCode', message: `must be ${destinationStationCode}, the destination of route ${routeCode}` }],
      'arrival-away-from-destination',
    );
  }
}

export class TrainAlreadyDepartedError extends ConflictError {
  constructor(
    readonly trainNumber: string,
    readonly departedAt: Date,
  ) {
    super(
      `Train ${trainNumber} already departed at ${departedAt.toISOString()}`,
      undefined,
      undefined,
      'train-already-departed',
    );
  }
}

/** Every train event but DEPARTED comes after the departure is recorded. */
export class TrainNotDepartedError extends ConflictError {
  constructor(readonly trainNumber: string) {
    super(
      `Train ${trainNumber} has not departed: record its DEPARTED event first`,
      undefined,
      undefined,
      'train-not-departed',
    );
  }
}

export class TrainAlreadyArrivedError extends ConflictError {
  constructor(
    readonly trainNumber: string,
    readonly arrivedAt: Date,
  ) {
    super(
      `Train ${trainNumber} already arrived at ${arrivedAt.toISOString()}`,
      undefined,
      undefined,
      'train-already-arrived',
    );
  }
}

/** How a train event's time contradicts the route order or the events recorded. */
export type OrderConflict =
  | { kind: 'before-departure'; departedAt: Date }
  | { kind: 'after-arrival'; arrivedAt: Date }
  /** A DEPARTED dated after an event already recorded. */
  | { kind: 'departure-after'; other: JourneyEvent }
  /** An ARRIVED dated before an event already recorded. */
  | { kind: 'arrival-before'; other: JourneyEvent }
  | { kind: 'before-earlier-stop'; other: JourneyEvent }
  | { kind: 'after-later-stop'; other: JourneyEvent }
  /** At one stop a train arrives, is transshipped, then departs: an event dated against that order. */
  | { kind: 'against-stop-order'; other: JourneyEvent };

function orderMessage(conflict: OrderConflict): string {
  switch (conflict.kind) {
    case 'before-departure':
      return `is before the train's departure at ${conflict.departedAt.toISOString()}`;
    case 'after-arrival':
      return `is after the train's arrival at ${conflict.arrivedAt.toISOString()}`;
    case 'departure-after':
      return `is after ${describe(conflict.other)}, already recorded`;
    case 'arrival-before':
      return `is before ${describe(conflict.other)}, already recorded`;
    case 'before-earlier-stop':
      return `is before ${describe(conflict.other)}, an earlier stop of the route`;
    case 'after-later-stop':
      return `is after ${describe(conflict.other)}, a later stop of the route`;
    case 'against-stop-order':
      return `contradicts ${describe(conflict.other)}, already recorded: at a stop a train arrives, is transshipped, then departs`;
  }
}

/** A train event whose time contradicts its train's route or recorded events. */
export class EventOutOfOrderError extends InvalidInputError {
  constructor(
    readonly event: JourneyEvent,
    readonly conflict: OrderConflict,
  ) {
    super(
      'The event contradicts the train’s route or its recorded events',
      [{ field: 'occurredAt', message: orderMessage(conflict) }],
      'event-out-of-order',
    );
  }
}

/** Why a breach makes an event impossible, as the problem's detail says it. */
function reasonOf({ event, breach }: Violation): string {
  const at = (date: Date) => date.toISOString();
  switch (breach.rule) {
    case 'not-departed':
      return `the train has not departed at that time, so the consignment is still at ${breach.originStationCode}`;
    case 'not-arrived':
      return 'the train has not arrived at that time';
    case 'hold-open':
      return event.type === 'CUSTOMS_HOLD'
        ? `a customs hold is open since ${at(breach.heldSince)}: record CUSTOMS_CLEARED between two holds`
        : `a customs hold is open since ${at(breach.heldSince)}: record CUSTOMS_CLEARED first`;
    case 'held-after-delivery':
      return `the consignment was delivered at ${at(breach.deliveredAt)}`;
    case 'already-delivered':
      return `it was already delivered at ${at(breach.deliveredAt)}`;
  }
}

/**
 * A consignment event that its journey makes impossible: itself (`violation.event` is the event), or by
 * making an event already recorded impossible (`violation.event` is that one).
 */
export class ConsignmentEventImpossibleError extends ConflictError {
  readonly breach: Breach;

  constructor(
    readonly event: JourneyEvent,
    readonly violation: Violation,
  ) {
    super(
      violation.event === event
        ? `${describe(event)} cannot be recorded: ${reasonOf(violation)}`
        : `${describe(event)} cannot be recorded: ${describe(violation.event)}, already recorded, would then be impossible, as ${reasonOf(violation)}`,
      undefined,
      undefined,
      'consignment-event-impossible',
    );
    this.breach = violation.breach;
  }
}

/** A transshipment away from the stops of its route where the gauge changes. */
export class NotAGaugeChangeError extends InvalidInputError {
  constructor(
    readonly stationCode: string,
    readonly routeCode: string,
    readonly gaugeChangeStationCodes: readonly string[],
  ) {
    super(
      'The gauge does not change at this stop',
      [
        {
          field: 'stationCode',
          message: gaugeChangeStationCodes.length
            ? `the gauge of route ${routeCode} changes at ${gaugeChangeStationCodes.join(', ')}, not at ${stationCode}`
            : `the gauge never changes on route ${routeCode}`,
        },
      ],
      'not-a-gauge-change',
    );
  }
}

/** A transshipment at a stop before the train's arrival there is recorded. */
export class NotArrivedAtStationError extends ConflictError {
  constructor(
    readonly trainNumber: string,
    readonly stationCode: string,
    readonly occurredAt: Date,
  ) {
    super(
      `Train ${trainNumber} has not arrived at ${stationCode} by ${occurredAt.toISOString()}: record its ` +
        'ARRIVED_AT_STATION there first',
      [{ field: 'occurredAt', message: `is before the train's arrival at ${stationCode} is recorded` }],
      undefined,
      'not-arrived-at-station',
    );
  }
}
