import { ConflictError, InvalidInputError } from '@landbridge/common';

/** A VIN of a loading, with its place in the request's list. */
export interface LoadedVin {
  vin: string;
  index: number;
}

/** VINs of no booked vehicle. */
export class UnknownVinError extends InvalidInputError {
  constructor(readonly unknown: readonly LoadedVin[]) {
    super(
      `Unknown VIN${unknown.length > 1 ? 's' : ''}`,
      unknown.map(({ vin, index }) => ({ field: `vins[${index}]`, message: `no vehicle ${vin} is booked` })),
      'unknown-vin',
    );
  }
}

/** A vehicle of a cancelled consignment travels no more. */
export class ConsignmentCancelledError extends ConflictError {
  constructor(readonly vin: string) {
    super(`The consignment of ${vin} is cancelled`, undefined, undefined, 'consignment-cancelled');
  }
}

/** A consignment travels on one train: its vehicles cannot go on another. */
export class ConsignmentOnOtherTrainError extends ConflictError {
  constructor(
    readonly vin: string,
    readonly index: number,
    readonly trainId: string,
    readonly trainNumber: string,
  ) {
    super(
      `VIN ${vin} belongs to a consignment travelling on train ${trainNumber} (id ${trainId})`,
      [{ field: `vins[${index}]`, message: `its consignment is on train ${trainNumber} (id ${trainId})` }],
      { trainId, trainNumber },
      'consignment-on-other-train',
    );
  }
}

/** A VIN on another train that has not arrived: `vin` and `trainId` name the first, `holders` all. */
export class VinAlreadyLoadedError extends ConflictError {
  readonly vin: string | undefined;
  readonly trainId: string | undefined;

  constructor(readonly holders: readonly (LoadedVin & { trainId: string; trainNumber: string })[]) {
    super(
      `VIN ${holders.map((h) => `${h.vin} is already on train ${h.trainNumber} (id ${h.trainId})`).join('; ')}`,
      holders.map((h) => ({
        field: `vins[${h.index}]`,
        message: `already on train ${h.trainNumber} (id ${h.trainId})`,
      })),
      { trainId: holders[0]?.trainId, trainNumber: holders[0]?.trainNumber },
      'vin-already-loaded',
    );
    this.vin = holders[0]?.vin;
    this.trainId = holders[0]?.trainId;
  }
}
