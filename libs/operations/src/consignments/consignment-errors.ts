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
