import { ConflictError, InvalidInputError } from '@landbridge/common';
import type { TrainStatus } from '@landbridge/operations';

/** Only a DELAYED event declares a delay. */
export class DelayNotAllowedError extends InvalidInputError {
  constructor(readonly type: string) {
    super(
      'Only a DELAYED event declares a delay',
      [{ field: 'delayHours', message: 'is allowed only when type is DELAYED' }],
      'delay-not-allowed',
    );
  }
}

/** A cancelled or closed train records no more events. */
export class TrainRecordsNoEventsError extends ConflictError {
  constructor(
    readonly trainNumber: string,
    readonly trainStatus: TrainStatus,
  ) {
    super(
      `Train ${trainNumber} is ${trainStatus}: it records no more events`,
      undefined,
      undefined,
      'train-records-no-events',
    );
  }
}

/** A consignment's events start once it is loaded on a train. */
export class ConsignmentNotOnTrainError extends ConflictError {
  constructor(readonly consignmentId: string) {
    super(
      `Consignment ${consignmentId} is not on a train: its events start once it is loaded`,
      undefined,
      undefined,
      'consignment-not-on-train',
    );
  }
}

/** The consignment was unloaded between reading its train and locking it. */
export class ConsignmentLeftTrainError extends ConflictError {
  constructor(
    readonly consignmentId: string,
    readonly trainId: string,
  ) {
    super(
      `Consignment ${consignmentId} has just left train ${trainId}; retry`,
      undefined,
      undefined,
      'consignment-left-train',
    );
  }
}

/** A cancelled consignment records no events. */
export class ConsignmentEventOfCancelledError extends ConflictError {
  constructor(readonly consignmentId: string) {
    super(`Consignment ${consignmentId} is cancelled`, undefined, undefined, 'consignment-cancelled');
  }
}

/** An event naming a vehicle that is not the consignment's. */
export class VehicleNotInConsignmentError extends InvalidInputError {
  constructor(
    readonly vin: string,
    readonly consignmentId: string,
  ) {
    super(
      'Unknown vehicle',
      [{ field: 'vin', message: `${vin} is not a vehicle of this consignment` }],
      'unknown-vehicle',
    );
  }
}
