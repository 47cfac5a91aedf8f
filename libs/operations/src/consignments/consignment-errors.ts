import { ConflictError, type FieldError, InvalidInputError, PreconditionFailedError } from '@landbridge/common';
import type { ConsignmentStatus } from './consignment-status.js';

/** A VIN of a consignment, with its place among the consignment's vehicles. */
export interface VinAt {
  vin: string;
  index: number;
}

/** The same VIN twice among a consignment's vehicles. */
export class VinRepeatedError extends InvalidInputError {
  constructor(readonly repeated: readonly VinAt[]) {
    super(
      'A VIN appears twice in the consignment',
      repeated.map(({ vin, index }) => ({ field: `vehicles[${index}].vin`, message: `${vin} appears twice` })),
      'vin-repeated',
    );
  }
}

/** VINs booked already, in another consignment: a vehicle is booked once. */
export class VinAlreadyBookedError extends ConflictError {
  constructor(readonly taken: readonly VinAt[]) {
    super(
      `VIN ${taken.map((at) => at.vin).join(', ')} is already booked in another consignment`,
      taken.map(({ vin, index }) => ({ field: `vehicles[${index}].vin`, message: `${vin} is already booked` })),
      undefined,
      'vin-already-booked',
    );
  }
}

/** A waybill number names one consignment. */
export class WaybillTakenError extends ConflictError {
  constructor(readonly waybillNumber: string) {
    super(
      `Waybill ${waybillNumber} is already booked`,
      [{ field: 'waybillNumber', message: 'is already used by another consignment' }],
      undefined,
      'waybill-taken',
    );
  }
}

/** An exporter booking for another organization. */
export class ForeignExporterError extends InvalidInputError {
  constructor(readonly exporterId: string) {
    super(
      'Exporters book consignments for their own organization only',
      [{ field: 'exporterId', message: 'must be your own organization (or omitted)' }],
      'foreign-exporter',
    );
  }
}

/** Staff book for an exporter they must name. */
export class ExporterRequiredError extends InvalidInputError {
  constructor() {
    super(
      'Staff must say which exporter the consignment is for',
      [{ field: 'exporterId', message: 'is required for staff' }],
      'exporter-required',
    );
  }
}

/** The organization named as exporter does not exist or is not an exporter. */
export class UnknownExporterError extends InvalidInputError {
  constructor(readonly exporterId: string) {
    super(
      'Unknown exporter',
      [{ field: 'exporterId', message: 'is not an exporter organization' }],
      'unknown-exporter',
    );
  }
}

/** Origin or destination unknown, or the same station. */
export class InvalidStationsError extends InvalidInputError {
  constructor(
    readonly unknownOrigin: string | null,
    readonly unknownDestination: string | null,
    readonly sameStation: boolean,
  ) {
    const errors: FieldError[] = [];
    if (unknownOrigin !== null) {
      errors.push({ field: 'originStationCode', message: `station ${unknownOrigin} does not exist` });
    }
    if (unknownDestination !== null) {
      errors.push({ field: 'destinationStationCode', message: `station ${unknownDestination} does not exist` });
    }
    if (sameStation) errors.push({ field: 'destinationStationCode', message: 'must differ from the origin' });
    super('Invalid stations', errors, 'invalid-stations');
  }
}

/** The consignment changed since the version the client read (If-Match). */
export class ConsignmentVersionMismatchError extends PreconditionFailedError {
  constructor(
    readonly consignmentId: string,
    readonly version: number,
    readonly expectedVersion: number,
  ) {
    super(`Consignment ${consignmentId} is at version ${version}, not ${expectedVersion}`);
  }
}

/** The consignee changes only while the consignment is booked. */
export class ConsigneeFixedError extends ConflictError {
  constructor(
    readonly consignmentId: string,
    readonly consignmentStatus: ConsignmentStatus,
  ) {
    super(
      `The consignment is ${consignmentStatus}: its consignee can change only while booked`,
      undefined,
      undefined,
      'consignee-fixed',
    );
  }
}

/** A consignment is amended (vehicles added or removed, cancelled) only before it departs. */
export class ConsignmentDepartedError extends ConflictError {
  constructor(
    readonly consignmentId: string,
    readonly consignmentStatus: ConsignmentStatus,
    /** Its train, when that train has departed. */
    readonly train: { trainNumber: string; status: string } | null,
  ) {
    super(
      `${train ? `Train ${train.trainNumber} of the consignment is ${train.status}` : `The consignment is ${consignmentStatus}`}: it can be amended or cancelled only before departure`,
      undefined,
      undefined,
      'consignment-departed',
    );
  }
}

/** A cancelled consignment is cancelled once, and amended no more. */
export class ConsignmentIsCancelledError extends ConflictError {
  constructor(readonly consignmentId: string) {
    super(
      `Consignment ${consignmentId} is cancelled: it can no longer be amended or cancelled`,
      undefined,
      undefined,
      'consignment-cancelled',
    );
  }
}

/** A consignment keeps at least one vehicle: removing the last one is cancelling it, said so. */
export class LastVehicleError extends ConflictError {
  constructor(
    readonly consignmentId: string,
    readonly vin: string,
  ) {
    super(
      `${vin} is the last vehicle of the consignment: cancel the consignment instead (POST /consignments/${consignmentId}/cancel)`,
      [{ field: 'vin', message: 'is the last vehicle of the consignment; cancel the consignment instead' }],
      undefined,
      'last-vehicle',
    );
  }
}

/** Adding vehicles beyond the most a consignment holds. */
export class TooManyVehiclesError extends InvalidInputError {
  constructor(
    readonly count: number,
    readonly max: number,
  ) {
    super(
      'Too many vehicles',
      [{ field: 'vehicles', message: `would make ${count} vehicles; a consignment holds at most ${max}` }],
      'too-many-vehicles',
    );
  }
}

/** The consignment was loaded onto or taken off a train while an amendment was waiting for it: retry. */
export class ConsignmentMovedError extends ConflictError {
  constructor(readonly consignmentId: string) {
    super(
      `Consignment ${consignmentId} was loaded or unloaded meanwhile; retry`,
      undefined,
      undefined,
      'consignment-moved',
    );
  }
}

/** A consignment on a train, with those of its VINs that are not loaded on it. */
export interface UnloadedVehicles {
  id: string;
  waybillNumber: string;
  vins: string[];
}

/**
 * A train departs with its consignments whole: while a vehicle of one is not loaded, DEPARTED is refused.
 * `errors[].field` points into the problem's `consignments` (`consignments[0].vins[2]`).
 */
export class VehiclesNotLoadedError extends ConflictError {
  constructor(
    readonly trainNumber: string,
    readonly consignments: readonly UnloadedVehicles[],
    /** How many there are: more than `consignments` lists when the list is cut short. */
    readonly count: number,
  ) {
    const listed = consignments.reduce((sum, c) => sum + c.vins.length, 0);
    const vehicles = count === 1 ? '1 vehicle is' : `${count} vehicles are`;
    super(
      `Train ${trainNumber} cannot depart: ${vehicles} not loaded, of consignment${consignments.length === 1 ? '' : 's'} ${consignments
        .map((c) => c.waybillNumber)
        .join(
          ', ',
        )}${listed < count ? ` (the first ${listed} listed)` : ''}; load them, or remove them from their consignment first`,
      consignments.flatMap((c, i) =>
        c.vins.map((vin, j) => ({
          field: `consignments[${i}].vins[${j}]`,
          message: `vehicle ${vin} of consignment ${c.waybillNumber} (id ${c.id}) is not loaded; load it or remove it from the consignment`,
        })),
      ),
      { consignments },
      'vehicles-not-loaded',
    );
  }
}

/** A consignment event naming a vehicle of the consignment that is not on its train. */
export class VehicleNotOnTrainError extends InvalidInputError {
  constructor(
    readonly vin: string,
    readonly consignmentId: string,
    readonly trainNumber: string,
  ) {
    super(
      'The vehicle is not on the train',
      [{ field: 'vin', message: `${vin} is not on train ${trainNumber} (never loaded, or unloaded)` }],
      'vehicle-not-on-train',
    );
  }
}
