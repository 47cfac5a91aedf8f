import type { ConsignmentStatus } from '@landbridge/operations';
import { EVENT_RANK, type EventType } from './event-types.js';

const HOUR_MS = 3_600_000;

/** An event as the journey rules see it. */
export interface JourneyEvent {
  type: EventType;
  stationCode: string;
  occurredAt: Date;
  /** Set on consignment events: whose event it is. */
  consignmentId: string | null;
  vin: string | null;
  note: string | null;
  delayHours: number | null;
  /** Order of recording, the last tie-break. */
  seq: number;
}

export interface PlannedStop {
  stationCode: string;
  plannedHoursFromOrigin: number;
}

/** What the events say of the train. */
export interface TrainProgress {
  departedAt: Date | null;
  arrivedAt: Date | null;
  currentStationCode: string | null;
  eta: Date;
  /** Per stop, in route order: planned time, and the observed or expected time there (null when passed unseen). */
  stops: { stationCode: string; plannedAt: Date; eta: Date | null }[];
}

/** Time order: occurredAt, then the journey order of types, then content, then order of recording. */
export function compareEvents(a: JourneyEvent, b: JourneyEvent): number {
  return (
    a.occurredAt.getTime() - b.occurredAt.getTime() ||
    EVENT_RANK[a.type] - EVENT_RANK[b.type] ||
    (a.vin ?? '').localeCompare(b.vin ?? '') ||
    a.stationCode.localeCompare(b.stationCode) ||
    (a.note ?? '').localeCompare(b.note ?? '') ||
    a.seq - b.seq
  );
}

export function inTimeOrder<T extends JourneyEvent>(events: readonly T[]): T[] {
  return [...events].sort(compareEvents);
}

/**
 * Where the train is and when it arrives. Planned times run from the actual departure (the planned one
 * before it); the expected time at each stop ahead is its planned time shifted by the lateness at the
 * furthest stop seen so far: the later of its last sighting there and the end of the delays declared there.
 */
export function trainState(
  stops: readonly PlannedStop[],
  plannedDepartureAt: Date,
  trainEvents: readonly JourneyEvent[],
): TrainProgress {
  const departed = trainEvents.find((event) => event.type === 'DEPARTED');
  const arrived = trainEvents.find((event) => event.type === 'ARRIVED');
  const start = (departed?.occurredAt ?? plannedDepartureAt).getTime();
  const plannedAt = (i: number) => start + stops[i]!.plannedHoursFromOrigin * HOUR_MS;
  const sighting = furthestSighting(stops, trainEvents);
  const last = sighting?.event;
  const lastIndex = sighting?.index ?? -1;
  const shift = sighting ? sighting.leaves.getTime() - plannedAt(lastIndex) : 0;
  const firstSeen = new Map<string, Date>();
  for (const event of trainEvents) {
    const seen = firstSeen.get(event.stationCode);
    if (!seen || event.occurredAt < seen) firstSeen.set(event.stationCode, event.occurredAt);
  }
  const stopTimes = stops.map((stop, i) => ({
    stationCode: stop.stationCode,
    plannedAt: new Date(plannedAt(i)),
    eta: i > lastIndex ? new Date(plannedAt(i) + shift) : (firstSeen.get(stop.stationCode) ?? null),
  }));
  return {
    departedAt: departed?.occurredAt ?? null,
    arrivedAt: arrived?.occurredAt ?? null,
    // Before departure the train is at its origin, being loaded.
    currentStationCode: arrived ? arrived.stationCode : (last?.stationCode ?? stops[0]?.stationCode ?? null),
    eta: arrived?.occurredAt ?? stopTimes.at(-1)!.eta!,
    stops: stopTimes,
  };
}

/**
 * The train's latest event at the furthest stop of its route seen (index -1 for a station off the route),
 * and when it leaves there: no earlier than the end of the delays declared there (a routine event at the
 * same stop during a declared delay does not cancel it). Undefined without events.
 */
export function furthestSighting(
  stops: readonly Pick<PlannedStop, 'stationCode'>[],
  trainEvents: readonly JourneyEvent[],
): { event: JourneyEvent; index: number; leaves: Date } | undefined {
  const index = new Map(stops.map((stop, i) => [stop.stationCode, i]));
  let last: JourneyEvent | undefined;
  for (const event of trainEvents) {
    const i = index.get(event.stationCode) ?? -1;
    const lastIndex = last ? (index.get(last.stationCode) ?? -1) : -1;
    if (!last || i > lastIndex || (i === lastIndex && event.occurredAt >= last.occurredAt)) last = event;
  }
  if (!last) return undefined;
  const lastIndex = index.get(last.stationCode) ?? -1;
  let leaves = last.occurredAt.getTime();
  for (const event of trainEvents) {
    if (event.type === 'DELAYED' && index.get(event.stationCode) === lastIndex) {
      leaves = Math.max(leaves, event.occurredAt.getTime() + (event.delayHours ?? 0) * HOUR_MS);
    }
  }
  return { event: last, index: lastIndex, leaves: new Date(leaves) };
}

/** The rule of a consignment's journey that an event breaks, with the facts that make it so. */
export type Breach =
  /** Away from the origin while the train has not departed. */
  | { rule: 'not-departed'; originStationCode: string }
  /** Delivered or unloaded while the train has not arrived. */
  | { rule: 'not-arrived' }
  /** A second hold, or a delivery, while a hold is open. */
  | { rule: 'hold-open'; heldSince: Date }
  /** A hold after the delivery. */
  | { rule: 'held-after-delivery'; deliveredAt: Date }
  /** A second delivery. */
  | { rule: 'already-delivered'; deliveredAt: Date };

/** A consignment's events (its train's and its own, in time order) break a rule: which event, and what. */
export interface Violation {
  event: JourneyEvent;
  breach: Breach;
}

/**
 * A consignment's status from its events in time order — loaded, then in transit from departure,
 * arrived, delivered; a customs hold interrupts and hands back to whatever the journey has reached when
 * it is cleared — or the first event that the state at its time forbids. Every rule can be met by
 * sending the missing events later: no two events wait on each other.
 */
export function consignmentStatus(
  events: readonly JourneyEvent[],
  originStationCode?: string,
): { status: ConsignmentStatus; violation?: Violation } {
  let journey: 'loaded' | 'in_transit' | 'arrived' = 'loaded';
  let heldSince: Date | null = null;
  let deliveredAt: Date | null = null;
  for (const event of events) {
    const fail = (breach: Breach) => ({ status: current(), violation: { event, breach } });
    if (event.consignmentId && journey === 'loaded' && originStationCode && event.stationCode !== originStationCode) {
      return fail({ rule: 'not-departed', originStationCode });
    }
    switch (event.type) {
      case 'DEPARTED':
        journey = 'in_transit';
        break;
      case 'ARRIVED':
        journey = 'arrived';
        break;
      case 'CUSTOMS_HOLD':
        if (deliveredAt) return fail({ rule: 'held-after-delivery', deliveredAt });
        if (heldSince) return fail({ rule: 'hold-open', heldSince });
        heldSince = event.occurredAt;
        break;
      case 'CUSTOMS_CLEARED':
        // Clearance is routine (export customs before departure) and ends a hold when one is open. Not
        // requiring one keeps late syncs possible: a hold and its clearance may both arrive after delivery.
        heldSince = null;
        break;
      case 'DELIVERED':
        if (journey !== 'arrived') return fail({ rule: 'not-arrived' });
        if (heldSince) return fail({ rule: 'hold-open', heldSince });
        if (deliveredAt) return fail({ rule: 'already-delivered', deliveredAt });
        deliveredAt = event.occurredAt;
        break;
      case 'UNLOADED':
        if (journey !== 'arrived') return fail({ rule: 'not-arrived' });
        break;
      default:
        break;
    }
  }
  return { status: current() };

  function current(): ConsignmentStatus {
    return deliveredAt ? 'delivered' : heldSince ? 'customs_hold' : journey;
  }
}

/** The ETA at a consignment's destination: at its stop when the route passes it, else the train's. */
export function consignmentEta(train: TrainProgress, destinationStationCode: string): Date | null {
  const stop = train.stops.find((s) => s.stationCode === destinationStationCode);
  return stop?.eta ?? train.arrivedAt ?? train.eta;
}
