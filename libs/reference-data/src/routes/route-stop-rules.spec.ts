import { routeStopErrors } from './route-stop-rules.js';

const stations = new Set(['CNZGZ', 'CNERC', 'MNZUU']);
const stop = (sequence: number, stationCode: string, plannedHoursFromOrigin: number) => ({
  sequence,
  stationCode,
  plannedHoursFromOrigin,
});

describe('routeStopErrors', () => {
  it('accepts an ordered route of existing stations', () => {
    expect(routeStopErrors([stop(1, 'CNZGZ', 0), stop(2, 'CNERC', 40), stop(5, 'MNZUU', 52.5)], stations)).toEqual([]);
  });

  it('names a sequence that does not increase', () => {
    expect(routeStopErrors([stop(2, 'CNZGZ', 0), stop(2, 'CNERC', 40)], stations)).toEqual([
      { field: 'stops[1].sequence', message: 'must be greater than 2' },
    ]);
  });

  it('names planned hours that do not increase and an origin not at hour 0', () => {
    expect(routeStopErrors([stop(1, 'CNZGZ', 3), stop(2, 'CNERC', 3)], stations)).toEqual([
      { field: 'stops[0].plannedHoursFromOrigin', message: 'must be 0 at the origin' },
      { field: 'stops[1].plannedHoursFromOrigin', message: 'must be greater than 3' },
    ]);
  });

  it('names unknown and repeated stations', () => {
    expect(routeStopErrors([stop(1, 'CNZGZ', 0), stop(2, 'XXNOP', 4), stop(3, 'CNZGZ', 8)], stations)).toEqual([
      { field: 'stops[1].stationCode', message: 'station XXNOP does not exist' },
      { field: 'stops[2].stationCode', message: 'station CNZGZ is already on the route' },
    ]);
  });
});
