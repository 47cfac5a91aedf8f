import { ConflictError, type FieldError, InvalidInputError } from '@landbridge/common';

/** A transshipment whose new consist or vehicle moves do not account for everything the train carries. */
export class InvalidTransshipmentError extends InvalidInputError {
  constructor(
    readonly trainId: string,
    errors: FieldError[],
  ) {
    super(
      'The new consist and the vehicle moves must carry on every container and vehicle of the train',
      errors,
      'invalid-transshipment',
    );
  }
}

/** A train without a consist at the time of the gauge change has nothing to transship. */
export class NoConsistToTransshipError extends ConflictError {
  constructor(
    readonly trainNumber: string,
    readonly occurredAt: Date,
  ) {
    super(
      `Train ${trainNumber} has no consist at ${occurredAt.toISOString()}: set it (PUT /trains/:id/consist) before departure`,
      [{ field: 'occurredAt', message: `train ${trainNumber} has no consist in force then` }],
      undefined,
      'no-consist',
    );
  }
}

/** The gauge changes once per stop: a second transshipment there is refused. */
export class AlreadyTransshippedError extends ConflictError {
  constructor(
    readonly trainNumber: string,
    readonly stationCode: string,
  ) {
    super(
      `Train ${trainNumber} was transshipped at ${stationCode} already`,
      [{ field: 'stationCode', message: `the train changed gauge at ${stationCode} already` }],
      undefined,
      'already-transshipped',
    );
  }
}

/** A gauge change dated at the very time of another one recorded: a consist is in force for some time. */
export class SimultaneousGaugeChangeError extends ConflictError {
  constructor(
    readonly trainNumber: string,
    readonly at: Date,
  ) {
    super(
      `Train ${trainNumber} changed gauge at ${at.toISOString()} already: two gauge changes cannot happen at once`,
      [{ field: 'occurredAt', message: `is the time of the gauge change recorded at ${at.toISOString()}` }],
      undefined,
      'simultaneous-gauge-change',
    );
  }
}

/** A gauge change dated before one already recorded further on: the consist it would replace has ended. */
export class ConsistReplacedLaterError extends ConflictError {
  constructor(
    readonly trainNumber: string,
    readonly replacedAt: Date,
  ) {
    super(
      `The consist of train ${trainNumber} in force then was replaced at ${replacedAt.toISOString()} already: ` +
        'gauge changes are recorded in the order of the route',
      [{ field: 'occurredAt', message: `is before the gauge change at ${replacedAt.toISOString()}, recorded already` }],
      undefined,
      'consist-replaced-later',
    );
  }
}
