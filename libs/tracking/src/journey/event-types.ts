export const TRAIN_EVENT_TYPES = [
  'DEPARTED',
  'ARRIVED_AT_STATION',
  'DEPARTED_STATION',
  'BORDER_CROSSED',
  'GAUGE_CHANGED',
  'DELAYED',
  'ARRIVED',
] as const;
export type TrainEventType = (typeof TRAIN_EVENT_TYPES)[number];

/**
 * The gauge change as POST /trains/:id/transshipments records it: a train event of its own, which no
 * client sends through POST /trains/:id/events (it comes with the new consist).
 */
export const TRANSSHIPPED = 'TRANSSHIPPED';

export const CONSIGNMENT_EVENT_TYPES = [
  'CUSTOMS_HOLD',
  'CUSTOMS_CLEARED',
  'DAMAGE_REPORTED',
  'UNLOADED',
  'DELIVERED',
] as const;
export type ConsignmentEventType = (typeof CONSIGNMENT_EVENT_TYPES)[number];

export type EventType = TrainEventType | typeof TRANSSHIPPED | ConsignmentEventType;

/**
 * The order of types at the same instant, as a journey goes: at one station a train arrives, crosses,
 * changes gauge, is delayed and leaves; customs come before delivery. Ties in time sort by it, so the
 * timeline does not depend on the order in which events arrived.
 */
export const EVENT_RANK: Record<EventType, number> = {
  DEPARTED: 0,
  ARRIVED_AT_STATION: 1,
  BORDER_CROSSED: 2,
  GAUGE_CHANGED: 3,
  TRANSSHIPPED: 3,
  DELAYED: 4,
  DEPARTED_STATION: 5,
  CUSTOMS_HOLD: 6,
  CUSTOMS_CLEARED: 7,
  DAMAGE_REPORTED: 8,
  ARRIVED: 9,
  UNLOADED: 10,
  DELIVERED: 11,
};
