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
  version: number;
}

/** A train's state as its tracking events determine it. */
export interface TrainJourney {
  status: TrainStatus;
  departedAt: Date | null;
  arrivedAt: Date | null;
  currentStationCode: string | null;
  eta: Date | null;
}
