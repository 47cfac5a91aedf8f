import {
  ConflictError,
  type FieldError,
  InvalidInputError,
  NotFoundError,
  PreconditionFailedError,
} from '@landbridge/common';
import type { RouteStopProblem } from './routes/route-stop-rules.js';

export class StationNotFoundError extends NotFoundError {
  constructor(readonly code: string) {
    super('Station', code);
  }
}

export class StationCodeTakenError extends ConflictError {
  constructor(readonly code: string) {
    super(`Station ${code} already exists`, undefined, undefined, 'station-code-taken');
  }
}

/** A station's code starts with its country's (CNZGZ is in CN). */
export class StationCountryMismatchError extends InvalidInputError {
  constructor(
    readonly code: string,
    readonly country: string,
  ) {
    super(
      'The station code must start with its country',
      [{ field: 'code', message: `must start with the country code ${country}` }],
      'station-country-mismatch',
    );
  }
}

/** An update for a version of the station that is no longer the current one. */
export class StaleStationError extends PreconditionFailedError {
  constructor(
    readonly code: string,
    readonly currentVersion: number,
    readonly expectedVersion: number,
  ) {
    super(`Station ${code} is at version ${currentVersion}, not ${expectedVersion}; reload it and try again`);
  }
}

export class RouteNotFoundError extends NotFoundError {
  constructor(readonly code: string) {
    super('Route', code);
  }
}

export class RouteCodeTakenError extends ConflictError {
  constructor(readonly code: string) {
    super(`Route ${code} already exists`, undefined, undefined, 'route-code-taken');
  }
}

/** Stops that do not make a route (see routeStopProblems), each named at its field of the request. */
export class InvalidRouteStopsError extends InvalidInputError {
  constructor(readonly problems: readonly RouteStopProblem[]) {
    super('The stops do not make a valid route', problems.map(fieldErrorOf), 'invalid-route-stops');
  }
}

function fieldErrorOf(problem: RouteStopProblem): FieldError {
  const stop = `stops[${problem.stop}]`;
  switch (problem.kind) {
    case 'origin-not-at-hour-0':
      return { field: `${stop}.plannedHoursFromOrigin`, message: 'must be 0 at the origin' };
    case 'sequence-not-increasing':
      return { field: `${stop}.sequence`, message: `must be greater than ${problem.previousSequence}` };
    case 'hours-not-increasing':
      return { field: `${stop}.plannedHoursFromOrigin`, message: `must be greater than ${problem.previousHours}` };
    case 'unknown-station':
      return { field: `${stop}.stationCode`, message: `station ${problem.stationCode} does not exist` };
    case 'repeated-station':
      return { field: `${stop}.stationCode`, message: `station ${problem.stationCode} is already on the route` };
  }
}

/** An identifier check with no identifier to check: each field that could have been given is named. */
export class NoIdentifierGivenError extends InvalidInputError {
  constructor(readonly fields: readonly string[]) {
    super(
      `Give at least one identifier to validate: ${fields.join(', ')}`,
      fields.map((field) => ({ field, message: `at least one of ${fields.join(', ')} is required` })),
      'no-identifier-given',
    );
  }
}
