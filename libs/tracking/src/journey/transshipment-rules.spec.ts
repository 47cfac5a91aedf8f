import type { JourneyEvent } from './journey.js';
import {
  NotAGaugeChangeError,
  NotArrivedAtStationError,
  StationNotOnRouteError,
  TrainAlreadyArrivedError,
} from './journey-errors.js';
import { checkTransshipment, type GaugeStop } from './transshipment-rules.js';

const stops: GaugeStop[] = [
  { stationCode: 'CNZGZ', plannedHoursFromOrigin: 0, gaugeChange: false },
  { stationCode: 'CNERC', plannedHoursFromOrigin: 40, gaugeChange: false },
  { stationCode: 'MNZUU', plannedHoursFromOrigin: 52, gaugeChange: true },
  { stationCode: 'RUMOW', plannedHoursFromOrigin: 300, gaugeChange: false },
];
const start = Date.parse('2024-03-20T01:30:00Z');
const at = (hours: number) => new Date(start + hours * 3_600_000);
const event = (type: JourneyEvent['type'], stationCode: string, hours: number): JourneyEvent => ({
  type,
  stationCode,
  occurredAt: at(hours),
  consignmentId: null,
  vin: null,
  note: null,
  delayHours: null,
  seq: hours,
});
const journey = [event('DEPARTED', 'CNZGZ', 0), event('ARRIVED_AT_STATION', 'MNZUU', 54)];
const check = (events: JourneyEvent[], stationCode: string, hours: number) =>
  checkTransshipment('ZGZ-MOW-ERC', stops, 'X8202', events, stationCode, at(hours));

describe('checkTransshipment', () => {
  it('gives the TRANSSHIPPED event at the gauge-change stop once the train arrived there', () => {
    expect(check(journey, 'MNZUU', 58)).toMatchObject({
      type: 'TRANSSHIPPED',
      stationCode: 'MNZUU',
      occurredAt: at(58),
    });
    expect(check(journey, 'MNZUU', 54).type).toBe('TRANSSHIPPED');
  });

  it('refuses a stop where the gauge does not change, naming the one where it does', () => {
    expect(() => check(journey, 'CNERC', 58)).toThrow(NotAGaugeChangeError);
    try {
      check(journey, 'CNERC', 58);
    } catch (error) {
      expect((error as NotAGaugeChangeError).errors).toEqual([
        { field: 'stationCode', message: 'the gauge of route ZGZ-MOW-ERC changes at MNZUU, not at CNERC' },
      ]);
    }
    expect(() => check(journey, 'CNMLX', 58)).toThrow(StationNotOnRouteError);
  });

  it('refuses a time before the arrival at the stop, or no arrival there at all', () => {
    expect(() => check(journey, 'MNZUU', 53)).toThrow(NotArrivedAtStationError);
    expect(() => check([event('DEPARTED', 'CNZGZ', 0)], 'MNZUU', 58)).toThrow(NotArrivedAtStationError);
  });

  it('refuses a train whose arrival at the destination is recorded', () => {
    expect(() => check([...journey, event('ARRIVED', 'RUMOW', 300)], 'MNZUU', 58)).toThrow(TrainAlreadyArrivedError);
  });
});
