import type { TrainStatus } from './train-status.js';

/** A train as operations reads it, and as other contexts see it. */
export interface TrainState {
  id: string;
  trainNumber: string;
  routeCode: string;
  status: TrainStatus;
  plannedDepartureAt: Date;
  departedAt: Date | null;
  arrivedAt: Date | null;
  currentStationCode: string | null;
  /** Expected arrival at the destination. */
  eta: Date | null;
  /** The interval holding `confidence` of arrivals, when the ETA is learned from history. */
  etaRange: EtaRange | null;
  etaBasis: EtaBasis;
  vehicleCount: number;
  consignmentCount: number;
  /** Its dwell at each border crossing it reached, as stored (times RFC 3339 in UTC). */
  borderDwell: BorderDwellRecord[];
  version: number;
}

/** A train's dwell at a border crossing, keyed by the crossing's gauge-change stop; open (no departure, no hours) while it is there. */
export interface BorderDwellRecord {
  stationCode: string;
  arrivedAt: string;
  departedAt: string | null;
  hours: number | null;
}

/** What an ETA rests on: the route's planned hours, or the history of its completed trains. */
export type EtaBasis = 'plan' | 'history';

/** The interval of a learned ETA: times RFC 3339 in UTC, `confidence` the share of arrivals it holds. */
export interface EtaRange {
  low: string;
  high: string;
  confidence: number;
}

/** A train's state as its tracking events determine it. */
export interface TrainJourney {
  status: TrainStatus;
  departedAt: Date | null;
  arrivedAt: Date | null;
  currentStationCode: string | null;
  eta: Date | null;
  /** The learned ETA's range; none (and basis `plan`) when not given. */
  etaRange?: EtaRange | null;
  etaBasis?: EtaBasis;
  borderDwell: { stationCode: string; arrivedAt: Date; departedAt: Date | null; hours: number | null }[];
}
