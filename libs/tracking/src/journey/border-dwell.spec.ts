import { borderDwell, type CrossingStop } from './border-dwell.js';
import { at, event } from './journey.fixtures.js';

/** Route ZGZ-MOW-ERC with station kinds: Erenhot and Zamyn-Uud (gauge change) are one crossing; Naushki is a border without one. */
const STOPS: CrossingStop[] = [
  { stationCode: 'CNZGZ', kind: 'terminal', gaugeChange: false },
  { stationCode: 'CNERC', kind: 'border', gaugeChange: false },
  { stationCode: 'MNZUU', kind: 'border', gaugeChange: true },
  { stationCode: 'MNULN', kind: 'junction', gaugeChange: false },
  { stationCode: 'RUNKI', kind: 'border', gaugeChange: false },
  { stationCode: 'RUOVB', kind: 'junction', gaugeChange: false },
  { stationCode: 'RUMOW', kind: 'terminal', gaugeChange: false },
];

describe('border dwell', () => {
  it('runs from the arrival at Erenhot to the departure from Zamyn-Uud when the crossing is fluid', () => {
    const events = [
      event('DEPARTED', 'CNZGZ', 0),
      event('ARRIVED_AT_STATION', 'CNERC', 41),
      event('BORDER_CROSSED', 'CNERC', 44),
      event('ARRIVED_AT_STATION', 'MNZUU', 45),
      event('GAUGE_CHANGED', 'MNZUU', 48),
      event('DEPARTED_STATION', 'MNZUU', 50.5),
      event('ARRIVED_AT_STATION', 'MNULN', 70),
      event('ARRIVED_AT_STATION', 'RUNKI', 96),
      event('DEPARTED_STATION', 'RUNKI', 110),
    ];
    expect(borderDwell(STOPS, events)).toEqual([
      { stationCode: 'MNZUU', arrivedAt: at(41), departedAt: at(50.5), hours: 9.5 },
    ]);
  });

  it('is open, without hours, while the train is still at the border (a gauge change or delay is no departure)', () => {
    const events = [
      event('DEPARTED', 'CNZGZ', 0),
      event('ARRIVED_AT_STATION', 'CNERC', 41),
      event('ARRIVED_AT_STATION', 'MNZUU', 45),
      event('GAUGE_CHANGED', 'MNZUU', 60),
      event('DELAYED', 'MNZUU', 61, { delayHours: 48 }),
    ];
    expect(borderDwell(STOPS, events)).toEqual([
      { stationCode: 'MNZUU', arrivedAt: at(41), departedAt: null, hours: null },
    ]);
  });

  it('starts at the first event seen at the crossing when the arrival at its first stop was not reported', () => {
    const events = [
      event('DEPARTED', 'CNZGZ', 0),
      event('BORDER_CROSSED', 'CNERC', 44.25),
      event('ARRIVED_AT_STATION', 'MNZUU', 46),
      event('ARRIVED_AT_STATION', 'MNULN', 80),
    ];
    // No departure from Zamyn-Uud either: the next event further on ends the dwell.
    expect(borderDwell(STOPS, events)).toEqual([
      { stationCode: 'MNZUU', arrivedAt: at(44.25), departedAt: at(80), hours: 35.8 },
    ]);
  });

  it('has no entry before the train reaches the crossing, nor for a border without a gauge change', () => {
    expect(borderDwell(STOPS, [])).toEqual([]);
    expect(borderDwell(STOPS, [event('DEPARTED', 'CNZGZ', 0), event('DELAYED', 'CNZGZ', 5)])).toEqual([]);
    const routeWithoutGaugeChange = STOPS.map((stop) => ({ ...stop, gaugeChange: false }));
    expect(
      borderDwell(routeWithoutGaugeChange, [event('ARRIVED_AT_STATION', 'CNERC', 41), event('ARRIVED', 'RUMOW', 300)]),
    ).toEqual([]);
  });

  it('gives the same dwell whatever order the events were recorded in', () => {
    const events = [
      event('ARRIVED_AT_STATION', 'MNULN', 90),
      event('DEPARTED_STATION', 'MNZUU', 86),
      event('DEPARTED', 'CNZGZ', 0),
      event('GAUGE_CHANGED', 'MNZUU', 70),
      event('ARRIVED_AT_STATION', 'CNERC', 42),
      event('ARRIVED_AT_STATION', 'MNZUU', 47),
    ];
    const expected = [{ stationCode: 'MNZUU', arrivedAt: at(42), departedAt: at(86), hours: 44 }];
    expect(borderDwell(STOPS, events)).toEqual(expected);
    expect(borderDwell(STOPS, [...events].reverse())).toEqual(expected);
  });

  it('measures each crossing of a route with two gauge changes on its own', () => {
    const stops: CrossingStop[] = [
      { stationCode: 'CNZGZ', kind: 'terminal', gaugeChange: false },
      { stationCode: 'CNAKL', kind: 'border', gaugeChange: false },
      { stationCode: 'KZDOS', kind: 'border', gaugeChange: true },
      { stationCode: 'RUOVB', kind: 'junction', gaugeChange: false },
      { stationCode: 'PLMSZ', kind: 'border', gaugeChange: true },
      { stationCode: 'DEDUI', kind: 'terminal', gaugeChange: false },
    ];
    const events = [
      event('ARRIVED_AT_STATION', 'CNAKL', 75),
      event('DEPARTED_STATION', 'KZDOS', 99),
      event('ARRIVED_AT_STATION', 'PLMSZ', 200),
      event('ARRIVED', 'DEDUI', 230.04),
    ];
    expect(borderDwell(stops, events)).toEqual([
      { stationCode: 'KZDOS', arrivedAt: at(75), departedAt: at(99), hours: 24 },
      { stationCode: 'PLMSZ', arrivedAt: at(200), departedAt: at(230.04), hours: 30 },
    ]);
  });
});
