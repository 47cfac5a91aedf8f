import { InvalidRouteStopsError } from './reference-data-errors.js';

describe('InvalidRouteStopsError', () => {
  it('names each problem at its field of the request, with a 422', () => {
    const error = new InvalidRouteStopsError([
      { stop: 0, kind: 'origin-not-at-hour-0' },
      { stop: 1, kind: 'sequence-not-increasing', previousSequence: 2 },
      { stop: 1, kind: 'hours-not-increasing', previousHours: 40 },
      { stop: 2, kind: 'unknown-station', stationCode: 'XXNOP' },
      { stop: 3, kind: 'repeated-station', stationCode: 'CNZGZ' },
    ]);
    expect(error.status).toBe(422);
    expect(error.message).toBe('The stops do not make a valid route');
    expect(error.errors).toEqual([
      { field: 'stops[0].plannedHoursFromOrigin', message: 'must be 0 at the origin' },
      { field: 'stops[1].sequence', message: 'must be greater than 2' },
      { field: 'stops[1].plannedHoursFromOrigin', message: 'must be greater than 40' },
      { field: 'stops[2].stationCode', message: 'station XXNOP does not exist' },
      { field: 'stops[3].stationCode', message: 'station CNZGZ is already on the route' },
    ]);
  });
});
