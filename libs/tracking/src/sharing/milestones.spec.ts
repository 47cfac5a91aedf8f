import type { TrackingEventDto } from '../events/tracking-event.dto.js';
import { milestonesOf } from './milestones.js';

const event = (
  type: TrackingEventDto['type'],
  stationCode: string,
  occurredAt: string,
  source: 'train' | 'consignment' = 'train',
): TrackingEventDto => ({
  id: `${type}-${stationCode}`,
  type,
  stationCode,
  stationName: stationCode,
  occurredAt,
  recordedAt: occurredAt,
  source,
  note: null,
});

describe('milestonesOf', () => {
  const planned = [
    {
      stationCode: 'CNZGZ',
      plannedAt: '2024-03-20T01:30:00.000Z',
      eta: '2024-03-20T01:30:00.000Z',
      gaugeChange: false,
    },
    {
      stationCode: 'CNERL',
      plannedAt: '2024-03-22T01:30:00.000Z',
      eta: '2024-03-22T07:00:00.000Z',
      gaugeChange: false,
    },
    { stationCode: 'MNZUU', plannedAt: '2024-03-22T13:30:00.000Z', eta: '2024-03-22T19:00:00.000Z', gaugeChange: true },
    {
      stationCode: 'RUMOW',
      plannedAt: '2024-04-03T01:30:00.000Z',
      eta: '2024-04-03T09:00:00.000Z',
      gaugeChange: false,
    },
  ];
  const names = new Map([
    ['CNZGZ', 'Zhengzhou'],
    ['CNERL', 'Erenhot'],
  ]);

  it('gives a stop seen the time of its first train event, a stop ahead its expected time, and marks borders and the gauge change', () => {
    const milestones = milestonesOf(
      {
        planned,
        items: [
          event('DEPARTED', 'CNZGZ', '2024-03-20T02:00:00.000Z'),
          event('ARRIVED_AT_STATION', 'CNERL', '2024-03-22T07:00:00.000Z'),
          event('DEPARTED_STATION', 'CNERL', '2024-03-22T19:00:00.000Z'),
          event('CUSTOMS_HOLD', 'RUMOW', '2024-03-23T00:00:00.000Z', 'consignment'),
        ],
      },
      names,
    );

    expect(milestones).toEqual([
      {
        stationCode: 'CNZGZ',
        stationName: 'Zhengzhou',
        plannedAt: planned[0]!.plannedAt,
        actualAt: '2024-03-20T02:00:00.000Z',
        expectedAt: null,
        borderCrossing: false,
        gaugeChange: false,
      },
      {
        stationCode: 'CNERL',
        stationName: 'Erenhot',
        plannedAt: planned[1]!.plannedAt,
        actualAt: '2024-03-22T07:00:00.000Z',
        expectedAt: null,
        borderCrossing: false,
        gaugeChange: false,
      },
      {
        stationCode: 'MNZUU',
        stationName: 'MNZUU',
        plannedAt: planned[2]!.plannedAt,
        actualAt: null,
        expectedAt: '2024-03-22T19:00:00.000Z',
        borderCrossing: true,
        gaugeChange: true,
      },
      {
        stationCode: 'RUMOW',
        stationName: 'RUMOW',
        plannedAt: planned[3]!.plannedAt,
        actualAt: null,
        expectedAt: '2024-04-03T09:00:00.000Z',
        borderCrossing: true,
        gaugeChange: false,
      },
    ]);
  });
});
