import { routeStopProblems } from './route-stop-rules.js';

const stations = new Set(['CNZGZ', 'CNERC', 'MNZUU']);
const stop = (sequence: number, stationCode: string, plannedHoursFromOrigin: number) => ({
  sequence,
  stationCode,
  plannedHoursFromOrigin,
});

describe('routeStopProblems', () => {
  it('accepts an ordered route of existing stations', () => {
    expect(routeStopProblems([stop(1, 'CNZGZ', 0), stop(2, 'CNERC', 40), stop(5, 'MNZUU', 52.5)], stations)).toEqual(
      [],
    );
  });

  it('names a sequence that does not increase', () => {
    expect(routeStopProblems([stop(2, 'CNZGZ', 0), stop(2, 'CNERC', 40)], stations)).toEqual([
      { stop: 1, kind: 'sequence-not-increasing', previousSequence: 2 },
    ]);
  });

  it('names planned hours that do not increase and an origin not at hour 0', () => {
    expect(routeStopProblems([stop(1, 'CNZGZ', 3), stop(2, 'CNERC', 3)], stations)).toEqual([
      { stop: 0, kind: 'origin-not-at-hour-0' },
      { stop: 1, kind: 'hours-not-increasing', previousHours: 3 },
    ]);
  });

  it('names unknown and repeated stations', () => {
    expect(routeStopProblems([stop(1, 'CNZGZ', 0), stop(2, 'XXNOP', 4), stop(3, 'CNZGZ', 8)], stations)).toEqual([
      { stop: 1, kind: 'unknown-station', stationCode: 'XXNOP' },
      { stop: 2, kind: 'repeated-station', stationCode: 'CNZGZ' },
    ]);
  });
});
