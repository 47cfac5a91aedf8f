import fc from 'fast-check';
import type { EventType } from '../journey/event-types.js';
import type { JourneyEvent } from '../journey/journey.js';
import {
  type CompletedTrip,
  ENOUGH_TRIPS,
  type EtaStop,
  learnProfiles,
  learnProfilesInSteps,
  positionOf,
  predictRemaining,
  tripOf,
} from './eta-model.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Zhengzhou → Erenhot → Zamyn-Uud (gauge change) → Novosibirsk → Moscow. */
const STOPS: EtaStop[] = [
  { stationCode: 'CNZGZ', kind: 'terminal', gaugeChange: false },
  { stationCode: 'CNERC', kind: 'border', gaugeChange: false },
  { stationCode: 'MNZUU', kind: 'border', gaugeChange: true },
  { stationCode: 'RUOVB', kind: 'junction', gaugeChange: false },
  { stationCode: 'RUMOW', kind: 'terminal', gaugeChange: false },
];

let seq = 0;
const ev = (
  type: EventType,
  stationCode: string,
  occurredAt: Date,
  delayHours: number | null = null,
): JourneyEvent => ({
  type,
  stationCode,
  occurredAt,
  consignmentId: null,
  vin: null,
  note: null,
  delayHours,
  seq: ++seq,
});

/** Legs in hours: to the border, the border dwell, to Novosibirsk, to Moscow. */
interface Legs {
  toBorder: number;
  dwell: number;
  toJunction: number;
  toEnd: number;
}

/** A whole trip's train events, leaving at `departedAt`. */
function events(departedAt: Date, legs: Legs): JourneyEvent[] {
  const t = (hours: number) => new Date(departedAt.getTime() + hours * HOUR_MS);
  const border = legs.toBorder;
  const left = border + legs.dwell;
  return [
    ev('DEPARTED', 'CNZGZ', t(0)),
    ev('ARRIVED_AT_STATION', 'CNERC', t(border)),
    ev('ARRIVED_AT_STATION', 'MNZUU', t(border + legs.dwell * 0.6)),
    ev('DEPARTED_STATION', 'MNZUU', t(left)),
    ev('ARRIVED_AT_STATION', 'RUOVB', t(left + legs.toJunction)),
    ev('ARRIVED', 'RUMOW', t(left + legs.toJunction + legs.toEnd)),
  ];
}

const trip = (departedAt: Date, legs: Legs) => tripOf(STOPS, events(departedAt, legs))!;
const SAME: Legs = { toBorder: 40, dwell: 20, toJunction: 120, toEnd: 130 };
/** `n` trips a day apart, ending the day before 2024-06-01, of legs `legsOf(i)`. */
function history(n: number, legsOf: (i: number) => Legs, end = Date.UTC(2024, 5, 1)): CompletedTrip[] {
  return Array.from({ length: n }, (_, i) => trip(new Date(end - (n - i) * DAY_MS - 20 * DAY_MS), legsOf(i)));
}
const NOW = new Date(Date.UTC(2024, 5, 1));
const JUNE = 6;
const departure = (at = NOW) => ({ kind: 'anchor' as const, anchor: 'CNZGZ>', at });

/** Legs like a corridor's: a fluid border most of the time, a congested one three times in ten. */
const noisyLegs = fc.record({
  toBorder: fc.double({ min: 38, max: 44, noNaN: true }),
  dwell: fc.oneof(
    { weight: 7, arbitrary: fc.double({ min: 8, max: 20, noNaN: true }) },
    { weight: 3, arbitrary: fc.double({ min: 8, max: 68, noNaN: true }) },
  ),
  toJunction: fc.double({ min: 110, max: 130, noNaN: true }),
  toEnd: fc.double({ min: 125, max: 140, noNaN: true }),
});

describe('tripOf', () => {
  it('takes each anchor passed, the arrival and the border dwell from the crossing’s first stop to the gauge-change departure', () => {
    const t = trip(new Date(Date.UTC(2024, 0, 1)), SAME);
    expect([...t.passed.keys()]).toEqual(['CNZGZ>', 'CNERC', 'MNZUU', 'MNZUU>', 'RUOVB']);
    expect(t.dwellHours).toBe(20);
    expect((t.arrivedAt.getTime() - t.departedAt.getTime()) / HOUR_MS).toBe(310);
  });

  it('is undefined for a train that has not arrived', () => {
    expect(tripOf(STOPS, events(NOW, SAME).slice(0, -1))).toBeUndefined();
  });
});

describe('positionOf', () => {
  const all = events(NOW, SAME);
  it('is the departure anchor after DEPARTED, and nothing before departure or after arrival', () => {
    expect(positionOf(STOPS, all.slice(0, 1))).toEqual({ kind: 'anchor', anchor: 'CNZGZ>', at: NOW });
    expect(positionOf(STOPS, [])).toBeUndefined();
    expect(positionOf(STOPS, all)).toBeUndefined();
  });

  it('at the crossing, counts the hours waited since the arrival at its first border stop', () => {
    expect(positionOf(STOPS, all.slice(0, 3))).toMatchObject({ kind: 'crossing', elapsedHours: 12 });
    expect(positionOf(STOPS, all.slice(0, 4))).toMatchObject({ kind: 'anchor', anchor: 'MNZUU>' });
  });

  it('starts from the end of a delay declared at the furthest stop', () => {
    const delayed = [...all.slice(0, 5), ev('DELAYED', 'RUOVB', all[4]!.occurredAt, 10)];
    const position = positionOf(STOPS, delayed)!;
    expect(position.at.getTime() - all[4]!.occurredAt.getTime()).toBe(10 * HOUR_MS);
  });
});

describe('learnProfiles', () => {
  it(`falls back to the plan (null) below ${ENOUGH_TRIPS} completed trips`, () => {
    expect(
      learnProfiles(
        STOPS,
        history(ENOUGH_TRIPS - 1, () => SAME),
        NOW,
      ),
    ).toBeNull();
    expect(
      learnProfiles(
        STOPS,
        history(ENOUGH_TRIPS, () => SAME),
        NOW,
      ),
    ).toHaveLength(12);
  });

  it('predicts exactly the remaining time when every trip was the same', () => {
    const [june] = learnProfiles(
      STOPS,
      history(60, () => SAME),
      NOW,
      [JUNE],
    )!;
    expect(predictRemaining(STOPS, june!, departure())!.median).toBe(310);
    expect(predictRemaining(STOPS, june!, { kind: 'anchor', anchor: 'RUOVB', at: NOW })!.median).toBe(130);
    // At the border after 5 h: 15 h of dwell left, then 250 h of running.
    expect(predictRemaining(STOPS, june!, { kind: 'crossing', elapsedHours: 5, at: NOW })!.median).toBe(265);
  });

  it('weighs recent trips more: after the border got slower, the median follows the recent trips', () => {
    // 60 trips: the first half a year before with 10 h dwell, the recent half with 40 h.
    const old = history(30, () => ({ ...SAME, dwell: 10 }), Date.UTC(2023, 5, 1));
    const recent = history(30, () => ({ ...SAME, dwell: 40 }));
    const [june] = learnProfiles(STOPS, [...old, ...recent], NOW, [JUNE])!;
    expect(predictRemaining(STOPS, june!, departure())!.median).toBe(330);
  });

  it('weighs trips of the same season more: a June train expects a June crossing, not a winter one', () => {
    // Two years of one trip a week: 100 h dwell in December–February, 10 h the rest of the year.
    const trips = Array.from({ length: 104 }, (_, i) => {
      const departedAt = new Date(Date.UTC(2022, 4, 1) + i * 7 * DAY_MS);
      const winter = [11, 0, 1].includes(departedAt.getUTCMonth());
      return trip(departedAt, { ...SAME, dwell: winter ? 100 : 10 });
    });
    const [january, june] = learnProfiles(STOPS, trips, NOW, [1, JUNE])!;
    expect(predictRemaining(STOPS, june!, departure())!.median).toBe(300);
    expect(predictRemaining(STOPS, january!, departure())!.median).toBe(390);
  });

  it('calibrates the range to hold about 80 % of arrivals of trips like those learned from', () => {
    const learned = fc.sample(noisyLegs, { seed: 18, numRuns: 400 });
    const trips = history(400, (i) => learned[i]!, Date.UTC(2024, 3, 1));
    const [profile] = learnProfiles(STOPS, trips, NOW, [4])!;
    const fresh = fc.sample(noisyLegs, { seed: 19, numRuns: 2000 });
    const inside = fresh.filter((legs) => {
      const range = predictRemaining(STOPS, profile!, departure())!;
      const actual = legs.toBorder + legs.dwell + legs.toJunction + legs.toEnd;
      return actual >= range.low && actual <= range.high;
    }).length;
    expect(inside / fresh.length).toBeGreaterThan(0.72);
    expect(inside / fresh.length).toBeLessThan(0.88);
  });

  it('learns the same in steps, handing the event loop back between them', async () => {
    const trips = history(60, (i) => ({ ...SAME, dwell: 10 + (i % 7) * 5 }));
    let turns = 0;
    const counting = setInterval(() => (turns += 1), 0);
    const stepped = await learnProfilesInSteps(STOPS, trips, NOW);
    clearInterval(counting);
    expect(stepped).toEqual(learnProfiles(STOPS, trips, NOW));
    expect(turns).toBeGreaterThan(0);
  });

  it('gives no learned answer from an anchor it never saw', () => {
    const [june] = learnProfiles(
      STOPS,
      history(60, () => SAME),
      NOW,
      [JUNE],
    )!;
    expect(predictRemaining(STOPS, june!, { kind: 'anchor', anchor: 'RUOVB>', at: NOW })).toBeUndefined();
  });
});

describe('learnProfiles, properties', () => {
  const legs = fc.record({
    toBorder: fc.double({ min: 20, max: 80, noNaN: true }),
    dwell: fc.double({ min: 2, max: 400, noNaN: true }),
    toJunction: fc.double({ min: 80, max: 200, noNaN: true }),
    toEnd: fc.double({ min: 80, max: 200, noNaN: true }),
  });
  const trips = fc.array(fc.tuple(fc.integer({ min: 0, max: 720 }), legs), { minLength: ENOUGH_TRIPS, maxLength: 80 });
  const asHistory = (drawn: [number, Legs][]) =>
    drawn.map(([day, l]) => trip(new Date(Date.UTC(2022, 0, 1) + day * DAY_MS), l));
  const positions = fc.oneof(
    fc.constantFrom('CNZGZ>', 'MNZUU>', 'RUOVB').map((anchor) => ({ kind: 'anchor' as const, anchor, at: NOW })),
    fc
      .double({ min: 0, max: 500, noNaN: true })
      .map((elapsedHours) => ({ kind: 'crossing' as const, elapsedHours, at: NOW })),
  );

  it('the range always contains the median', () => {
    fc.assert(
      fc.property(trips, fc.integer({ min: 1, max: 12 }), positions, (drawn, month, position) => {
        const [profile] = learnProfiles(STOPS, asHistory(drawn), NOW, [month])!;
        const range = predictRemaining(STOPS, profile!, position);
        if (!range) return;
        expect(range.low).toBeLessThanOrEqual(range.median);
        expect(range.median).toBeLessThanOrEqual(range.high);
      }),
      { numRuns: 60 },
    );
  });

  it('more of the same history never widens a range: k + 1 copies of the trips give a range within k copies’', () => {
    fc.assert(
      fc.property(
        trips,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 12 }),
        positions,
        (drawn, k, month, position) => {
          const copies = (n: number) => Array.from({ length: n }, () => asHistory(drawn)).flat();
          const [fewer] = learnProfiles(STOPS, copies(k), NOW, [month])!;
          const [more] = learnProfiles(STOPS, copies(k + 1), NOW, [month])!;
          const a = predictRemaining(STOPS, fewer!, position);
          const b = predictRemaining(STOPS, more!, position);
          if (!a || !b) return;
          expect(b.median).toBeCloseTo(a.median, 9);
          expect(b.low).toBeGreaterThanOrEqual(a.low - 1e-9);
          expect(b.high).toBeLessThanOrEqual(a.high + 1e-9);
        },
      ),
      { numRuns: 40 },
    );
  });
});
