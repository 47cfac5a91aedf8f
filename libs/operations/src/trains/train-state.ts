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

/** A train's state as its tracking events determine it. */
export interface TrainJourney {
  status: TrainStatus;
  departedAt: Date | null;
  arrivedAt: Date | null;
  currentStationCode: string | null;
  eta: Date | null;
  borderDwell: { stationCode: string; arrivedAt: Date; departedAt: Date | null; hours: number | null }[];
}
