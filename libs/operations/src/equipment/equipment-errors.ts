import {
  ConflictError,
  DomainError,
  type FieldError,
  InvalidInputError,
  PreconditionFailedError,
} from '@landbridge/common';
import type { TrainStatus } from '../trains/train-status.js';

/** A consist whose wagons break the consist rules (consistProblems), each fault named. */
export class InvalidConsistError extends InvalidInputError {
  constructor(problems: FieldError[]) {
    super('The consist is not valid', problems, 'invalid-consist');
  }
}

/** The origin's consist is set only before departure; after it, only a transshipment changes the wagons. */
export class ConsistFixedError extends ConflictError {
  constructor(
    readonly trainNumber: string,
    readonly trainStatus: TrainStatus,
  ) {
    super(
      `Train ${trainNumber} is ${trainStatus}: its consist can be set only before departure`,
      undefined,
      undefined,
      'consist-fixed',
    );
  }
}

/** A container listed in the request, and the train whose consist in force carries it already. */
export interface ContainerElsewhere {
  number: string;
  field: string;
  trainId: string;
  trainNumber: string;
}

/** A container rides one train at a time: it is on the consist of another train that has not arrived. */
export class ContainerOnOtherTrainError extends ConflictError {
  constructor(readonly containers: readonly ContainerElsewhere[]) {
    super(
      containers.map((c) => `Container ${c.number} is on train ${c.trainNumber} (id ${c.trainId})`).join('; '),
      containers.map((c) => ({ field: c.field, message: `on train ${c.trainNumber} (id ${c.trainId})` })),
      { trainId: containers[0]?.trainId, trainNumber: containers[0]?.trainNumber },
      'container-on-other-train',
    );
  }
}

/** A unit that holds vehicles loaded on the train, which a new consist leaves off (or has as a flat). */
export interface LoadedUnitLeftOff {
  kind: 'container' | 'wagon';
  number: string;
  vehicles: number;
  /** The wagon of the request with that number when it is a flat, so not a car carrier. */
  flatIndex?: number;
}

/** Replacing a consist must keep every container and car carrier holding loaded vehicles. */
export class LoadedUnitLeftOffError extends InvalidInputError {
  constructor(readonly units: readonly LoadedUnitLeftOff[]) {
    super(
      `The consist leaves off ${units.length === 1 ? 'a unit' : 'units'} holding loaded vehicles`,
      units.map((unit) =>
        unit.flatIndex !== undefined
          ? {
              field: `wagons[${unit.flatIndex}].kind`,
              message: `wagon ${unit.number} carries ${unit.vehicles} loaded vehicle(s): it must be a car_carrier`,
            }
          : {
              field: 'wagons',
              message:
                `${unit.kind === 'container' ? 'container' : 'car carrier'} ${unit.number} holds ${unit.vehicles} ` +
                'loaded vehicle(s): keep it on the consist, or unload them first',
            },
      ),
      'loaded-unit-left-off',
    );
  }
}

/** The consist changed since the version the client read (If-Match); a train with none is at version 0. */
export class ConsistVersionMismatchError extends PreconditionFailedError {
  constructor(
    readonly trainId: string,
    readonly version: number,
    readonly expectedVersion: number,
  ) {
    super(`The consist of train ${trainId} is at version ${version}, not ${expectedVersion}`);
  }
}

/** The train exists but had no consist at that time. */
export class NoConsistError extends DomainError {
  constructor(
    readonly trainId: string,
    readonly at: Date | null,
  ) {
    super(
      'not-found',
      'no-consist',
      at ? `Train ${trainId} had no consist at ${at.toISOString()}` : `Train ${trainId} has no consist`,
    );
  }
}

/**
 * A loading into a unit that is not on the train's consist: a container not on any of its flats, a wagon
 * that is not among its wagons, or one that is a flat (vehicles ride directly only on car carriers).
 */
export class UnitNotOnConsistError extends InvalidInputError {
  constructor(
    readonly unit: { kind: 'container' | 'wagon'; number: string },
    readonly trainNumber: string,
    readonly isFlat: boolean,
  ) {
    const what = unit.kind === 'container' ? 'container' : 'wagon';
    const message = isFlat
      ? `wagon ${unit.number} is a flat of train ${trainNumber}'s consist: vehicles ride directly only on a car_carrier`
      : `${what} ${unit.number} is not on train ${trainNumber}'s consist`;
    super(`The ${what} is not on the consist`, [{ field: 'unit.number', message }], 'unit-not-on-consist');
  }
}
