import { ConflictError, InvalidInputError, PreconditionFailedError } from '@landbridge/common';
import type { TrainStatus } from './train-status.js';

/** A train on a route that does not exist. */
export class UnknownRouteError extends InvalidInputError {
  constructor(readonly routeCode: string) {
    super('Unknown route', [{ field: 'routeCode', message: `route ${routeCode} does not exist` }], 'unknown-route');
  }
}

/** A train number runs at most once a day (China time), cancelled trains aside. */
export class TrainNumberTakenError extends ConflictError {
  constructor(readonly trainNumber: string) {
    super(`Train ${trainNumber} already runs on that day`, undefined, undefined, 'train-number-taken');
  }
}

/** The train changed since the version the client read (If-Match). */
export class TrainVersionMismatchError extends PreconditionFailedError {
  constructor(
    readonly trainId: string,
    readonly version: number,
    readonly expectedVersion: number,
  ) {
    super(`Train ${trainId} is at version ${version}, not ${expectedVersion}`);
  }
}

/** The planned departure moves only before departure. */
export class DepartureFixedError extends ConflictError {
  constructor(readonly trainStatus: TrainStatus) {
    super(
      `The train is ${trainStatus}: its planned departure can no longer change`,
      [{ field: 'plannedDepartureAt', message: `cannot change once the train is ${trainStatus}` }],
      undefined,
      'departure-fixed',
    );
  }
}

/** A status change the train status machine forbids. */
export class IllegalTrainTransitionError extends ConflictError {
  constructor(
    readonly from: TrainStatus,
    readonly to: TrainStatus,
  ) {
    super(
      `The train is ${from}; it cannot become ${to}`,
      [{ field: 'status', message: `cannot go from ${from} to ${to}` }],
      undefined,
      'illegal-train-transition',
    );
  }
}

/** Vehicles are loaded onto and unloaded from a train only before it departs. */
export class TrainClosedForLoadingError extends ConflictError {
  constructor(
    readonly trainNumber: string,
    readonly trainStatus: TrainStatus,
    readonly action: 'loading' | 'unloading',
  ) {
    super(
      `Train ${trainNumber} is ${trainStatus}: ${action} is possible only before departure`,
      undefined,
      undefined,
      'train-closed-for-loading',
    );
  }
}
