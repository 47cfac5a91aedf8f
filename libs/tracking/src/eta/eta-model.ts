import { furthestSighting, inTimeOrder, type JourneyEvent } from '../journey/journey.js';
import { weightedQuantiles, type Weighted } from './weighted-quantile.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Completed trips a route needs before its ETA is learned rather than planned: 40 to learn from (three
 * or four for each calendar month, which the seasonal weighting needs) and the latest 10 to calibrate
 * the range on — the fewest for which the 80 % conformal rank, ⌈0.8·(n + 1)⌉, is not simply the worst
 * of the n calibration trips.
 */
export const ENOUGH_TRIPS = 50;
/** The share of arrivals the range is calibrated to hold. */
export const CONFIDENCE = 0.8;
/** The newest fifth of the trips (by arrival) calibrates the range; the rest is learned from. */
const CALIBRATION_SHARE = 0.2;
/** A trip's weight halves every year: recent trips count more. */
const HALF_LIFE_DAYS = 365;
/** Trips from around the same time of year count more: a Gaussian kernel over the day of the year. */
const SEASON_DAYS = 20;
/** What a trip from the other side of the year still counts (congestion is not strictly seasonal). */
const SEASON_FLOOR = 0.02;
/** Quantile points kept per distribution: each stands for 1/40 of the trips. */
const POINTS = 40;
const LEVELS = Array.from({ length: POINTS }, (_, i) => (i + 0.5) / POINTS);
/** Half-widths under this many hours count as this much in the conformal scores (no division by zero). */
const MIN_HALF_WIDTH = 0.5;

/** A stop of a route as the estimator needs it. */
export interface EtaStop {
  stationCode: string;
  /** The station's kind: consecutive `border` stops make a crossing. */
  kind: string;
  gaugeChange: boolean;
}

/**
 * Where a train was last seen, as a key: the station code for an arrival there (or any event there but a
 * departure), the code and `>` for a departure from it (DEPARTED at the origin, DEPARTED_STATION elsewhere).
 */
type Anchor = string;
/** The scale key of a prediction made while the train is at the border crossing. */
const AT_CROSSING = 'crossing';

/** A completed trip as the estimator learns from it. */
export interface CompletedTrip {
  departedAt: Date;
  arrivedAt: Date;
  /** When it was at each anchor it passed. */
  passed: ReadonlyMap<Anchor, Date>;
  /** Its border dwell at the route's crossing, hours; null when the route has none (or it was not seen). */
  dwellHours: number | null;
}

/**
 * What the estimator knows of a route for trains departing in one calendar month: the precomputed table
 * row that each event's ETA reads. Distributions are kept as POINTS quantiles, hours.
 */
export interface EtaProfile {
  month: number;
  /** Completed trips learned from (and calibrated on). */
  trips: number;
  /** Remaining running time from each anchor to arrival, the border dwell ahead left out. */
  travel: Record<Anchor, number[]>;
  /** Border dwell at the route's crossing; null when the route has none. */
  dwell: number[] | null;
  /** Per anchor (and `crossing`): the conformal factor on the 10–90 % half-widths around the median. */
  scale: Record<string, number>;
}

/** A prediction of the remaining time, hours from the moment of the position. */
export interface Remaining {
  median: number;
  low: number;
  high: number;
}

/** Where the train is, for a prediction: at an anchor, or at the border crossing for `elapsedHours` so far. */
export type Position =
  { kind: 'anchor'; anchor: Anchor; at: Date } | { kind: 'crossing'; elapsedHours: number; at: Date };

/** The route's first border crossing with a gauge change: the indexes of its first stop and of that stop. */
function crossingOf(stops: readonly EtaStop[]): { first: number; change: number } | null {
  const change = stops.findIndex((stop) => stop.gaugeChange && stop.kind === 'border');
  if (change < 0) return null;
  let first = change;
  while (first > 0 && stops[first - 1]!.kind === 'border') first--;
  return { first, change };
}

/** The anchor key of an event at a stop. */
function anchorOf(event: Pick<JourneyEvent, 'type' | 'stationCode'>): Anchor {
  return event.type === 'DEPARTED' || event.type === 'DEPARTED_STATION' ? `${event.stationCode}>` : event.stationCode;
}

/** A completed train's trip from its train events (any order); undefined while it has not arrived or departed. */
export function tripOf(stops: readonly EtaStop[], trainEvents: readonly JourneyEvent[]): CompletedTrip | undefined {
  const events = inTimeOrder(trainEvents);
  const departed = events.find((e) => e.type === 'DEPARTED');
  const arrived = events.find((e) => e.type === 'ARRIVED');
  if (!departed || !arrived) return undefined;
  const passed = new Map<Anchor, Date>();
  for (const event of events) {
    if (event.type === 'ARRIVED' || event.type === 'DELAYED') continue;
    const anchor = anchorOf(event);
    if (!passed.has(anchor)) passed.set(anchor, event.occurredAt);
  }
  const crossing = crossingOf(stops);
  let dwellHours: number | null = null;
  if (crossing) {
    const start = passed.get(stops[crossing.first]!.stationCode);
    const end = passed.get(`${stops[crossing.change]!.stationCode}>`);
    if (start && end) dwellHours = (end.getTime() - start.getTime()) / HOUR_MS;
  }
  return { departedAt: departed.occurredAt, arrivedAt: arrived.occurredAt, passed, dwellHours };
}

/**
 * Where a moving train is for a prediction, from its train events in time order: its latest event at the
 * furthest stop seen (as the planned ETA reads it), no earlier than the end of the delays declared there;
 * at the crossing, how long it has waited there. Undefined before departure and after arrival.
 */
export function positionOf(stops: readonly EtaStop[], trainEvents: readonly JourneyEvent[]): Position | undefined {
  if (!trainEvents.some((e) => e.type === 'DEPARTED') || trainEvents.some((e) => e.type === 'ARRIVED'))
    return undefined;
  const index = new Map(stops.map((stop, i) => [stop.stationCode, i]));
  const { event: last, index: i, leaves } = furthestSighting(stops, trainEvents)!;
  const at = leaves.getTime();
  const anchor = anchorOf(last);
  const crossing = crossingOf(stops);
  if (crossing && i >= crossing.first && i <= crossing.change && anchor !== `${stops[crossing.change]!.stationCode}>`) {
    const within = trainEvents.filter((e) => {
      const k = index.get(e.stationCode) ?? -1;
      return k >= crossing.first && k <= crossing.change;
    });
    const arrival =
      within.find((e) => e.type === 'ARRIVED_AT_STATION' && index.get(e.stationCode) === crossing.first) ??
      inTimeOrder(within)[0]!;
    return {
      kind: 'crossing',
      elapsedHours: Math.max(0, (at - arrival.occurredAt.getTime()) / HOUR_MS),
      at: new Date(at),
    };
  }
  return { kind: 'anchor', anchor, at: new Date(at) };
}

/** The weight of a trip, seen from `now`, for trains departing in calendar month `month` (1–12). */
function weightOf(trip: CompletedTrip, month: number, now: Date): number {
  const ageDays = Math.max(0, (now.getTime() - trip.arrivedAt.getTime()) / DAY_MS);
  const year = trip.departedAt.getUTCFullYear();
  const day = (trip.departedAt.getTime() - Date.UTC(year, 0, 1)) / DAY_MS;
  const middle = (Date.UTC(year, month - 1, 15) - Date.UTC(year, 0, 1)) / DAY_MS;
  const apart = Math.min(Math.abs(day - middle), 365.25 - Math.abs(day - middle));
  const season = Math.max(SEASON_FLOOR, Math.exp(-0.5 * (apart / SEASON_DAYS) ** 2));
  return 0.5 ** (ageDays / HALF_LIFE_DAYS) * season;
}

/** Distributions learned from `trips` for trains departing in `month`, weighted as seen from `now` (no scales yet). */
function profileOf(
  stops: readonly EtaStop[],
  trips: readonly CompletedTrip[],
  month: number,
  now: Date,
): Omit<EtaProfile, 'scale'> {
  const crossing = crossingOf(stops);
  const before = new Set(crossing ? stops.slice(0, crossing.first).map((s) => s.stationCode) : []);
  const travel = new Map<Anchor, Weighted[]>();
  const dwell: Weighted[] = [];
  for (const trip of trips) {
    const weight = weightOf(trip, month, now);
    if (trip.dwellHours !== null) dwell.push({ value: trip.dwellHours, weight });
    for (const [anchor, at] of trip.passed) {
      const station = anchor.replace('>', '');
      const ahead = before.has(station);
      // Inside the crossing the dwell, not the running time, is what is left to learn.
      if (crossing && !ahead && isInside(stops, crossing, anchor)) continue;
      if (ahead && trip.dwellHours === null) continue;
      const hours = (trip.arrivedAt.getTime() - at.getTime()) / HOUR_MS - (ahead ? trip.dwellHours! : 0);
      const samples = travel.get(anchor) ?? [];
      samples.push({ value: hours, weight });
      travel.set(anchor, samples);
    }
  }
  return {
    month,
    trips: trips.length,
    travel: Object.fromEntries([...travel].map(([anchor, samples]) => [anchor, weightedQuantiles(samples, LEVELS)])),
    dwell: crossing && dwell.length ? weightedQuantiles(dwell, LEVELS) : null,
  };
}

/** An anchor at a stop of the crossing, before the departure from its gauge-change stop. */
function isInside(stops: readonly EtaStop[], crossing: { first: number; change: number }, anchor: Anchor): boolean {
  const i = stops.findIndex((s) => s.stationCode === anchor.replace('>', ''));
  return i >= crossing.first && i <= crossing.change && anchor !== `${stops[crossing.change]!.stationCode}>`;
}

/**
 * The remaining time from `position` as the profile's distributions give it, before calibration: its
 * median and its 10 % and 90 % quantiles. Ahead of the crossing the running time and the border dwell
 * are added as independent legs (every pair of their quantile points); at the crossing, the dwell still
 * to come is the dwell of the trips that waited longer than this one has so far. Undefined when the
 * profile has not seen the anchor.
 */
function spread(
  stops: readonly EtaStop[],
  profile: Omit<EtaProfile, 'scale'>,
  position: Position,
): { median: number; q10: number; q90: number; scaleKey: string } | undefined {
  const crossing = crossingOf(stops);
  let points: number[];
  let scaleKey: string;
  if (position.kind === 'crossing') {
    const after = crossing && profile.travel[`${stops[crossing.change]!.stationCode}>`];
    if (!after || !profile.dwell) return undefined;
    const waitLonger = profile.dwell.filter((hours) => hours >= position.elapsedHours);
    points = sums(after, waitLonger.length ? waitLonger.map((hours) => hours - position.elapsedHours) : [0]);
    scaleKey = AT_CROSSING;
  } else {
    const travel = profile.travel[position.anchor];
    if (!travel) return undefined;
    const station = position.anchor.replace('>', '');
    const ahead = crossing && stops.findIndex((s) => s.stationCode === station) < crossing.first;
    if (ahead && !profile.dwell) return undefined;
    points = ahead ? sums(travel, profile.dwell!) : travel;
    scaleKey = position.anchor;
  }
  const [q10, median, q90] = weightedQuantiles(
    points.map((value) => ({ value, weight: 1 })),
    [0.1, 0.5, 0.9],
  ) as [number, number, number];
  return { median, q10, q90, scaleKey };
}

function sums(a: readonly number[], b: readonly number[]): number[] {
  return a.flatMap((x) => b.map((y) => x + y));
}

/**
 * The remaining time from `position`: the median, and around it the 10–90 % half-widths stretched or
 * shrunk by the conformal factor, so that the range holds CONFIDENCE of arrivals. It always contains the
 * median. Undefined when the profile cannot tell (an anchor never seen, no calibration for it).
 */
export function predictRemaining(
  stops: readonly EtaStop[],
  profile: EtaProfile,
  position: Position,
): Remaining | undefined {
  const base = spread(stops, profile, position);
  const scale = base && profile.scale[base.scaleKey];
  if (!base || scale === undefined) return undefined;
  return {
    median: base.median,
    low: base.median - scale * Math.max(base.median - base.q10, MIN_HALF_WIDTH),
    high: base.median + scale * Math.max(base.q90 - base.median, MIN_HALF_WIDTH),
  };
}

/** The positions a completed trip can be predicted from, as its events would have given them, for calibration. */
function positionsOf(stops: readonly EtaStop[], trip: CompletedTrip): Position[] {
  const crossing = crossingOf(stops);
  const positions: Position[] = [];
  for (const [anchor, at] of trip.passed) {
    if (crossing && isInside(stops, crossing, anchor)) {
      if (anchor === stops[crossing.first]!.stationCode) positions.push({ kind: 'crossing', elapsedHours: 0, at });
    } else positions.push({ kind: 'anchor', anchor, at });
  }
  return positions;
}

/**
 * Learns a route's profiles (one per calendar month of departure) from its completed trips, as seen from
 * `now`; null below ENOUGH_TRIPS. Split conformal calibration: the newest fifth of the trips (every trip
 * arriving at or after the arrival that reaches 80 % of them) is predicted by profiles learned from the
 * older ones (a trip's weight depends on its age only through a factor common to all trips, so
 * profiles do not depend on `now`, only on the trips); at each position the score of a trip is how many half-widths its arrival lay from the
 * median, and the factor is the ⌈0.8·(n + 1)⌉-th smallest of the n scores there (positions with fewer
 * than 4 scores get none: the plan answers there). The profiles (of `months`, all by default) then learn
 * from every trip.
 */
export function learnProfiles(
  stops: readonly EtaStop[],
  trips: readonly CompletedTrip[],
  now: Date,
  months: readonly number[] = ALL_MONTHS,
): EtaProfile[] | null {
  const steps = learning(stops, trips, now, months);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `learnProfiles` in steps of a few milliseconds, handing the event loop back between them (a service
 * relearns without stalling the requests it serves).
 */
export async function learnProfilesInSteps(
  stops: readonly EtaStop[],
  trips: readonly CompletedTrip[],
  now: Date,
): Promise<EtaProfile[] | null> {
  const steps = learning(stops, trips, now, ALL_MONTHS);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const ALL_MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/** learnProfiles' work, yielding after each profile learned and each trip calibrated on. */
function* learning(
  stops: readonly EtaStop[],
  trips: readonly CompletedTrip[],
  now: Date,
  months: readonly number[],
): Generator<void, EtaProfile[] | null> {
  if (trips.length < ENOUGH_TRIPS) return null;
  const arrivals = trips.map((trip) => ({ value: trip.arrivedAt.getTime(), weight: 1 }));
  const [cut] = weightedQuantiles(arrivals, [1 - CALIBRATION_SHARE]) as [number];
  const learn = trips.filter((trip) => trip.arrivedAt.getTime() < cut);
  const calibrate = trips.filter((trip) => trip.arrivedAt.getTime() >= cut);
  const learnedUntil = new Date(cut);
  const byMonth = new Map<number, Omit<EtaProfile, 'scale'>>();
  const scores = new Map<string, number[]>();
  for (const trip of calibrate) {
    const month = trip.departedAt.getUTCMonth() + 1;
    if (!byMonth.has(month)) {
      byMonth.set(month, profileOf(stops, learn, month, learnedUntil));
      yield;
    }
    for (const position of positionsOf(stops, trip)) {
      const base = spread(stops, byMonth.get(month)!, position);
      if (!base) continue;
      const actual = (trip.arrivedAt.getTime() - position.at.getTime()) / HOUR_MS;
      const score = Math.max(
        (base.median - actual) / Math.max(base.median - base.q10, MIN_HALF_WIDTH),
        (actual - base.median) / Math.max(base.q90 - base.median, MIN_HALF_WIDTH),
      );
      const list = scores.get(base.scaleKey) ?? [];
      list.push(score);
      scores.set(base.scaleKey, list);
    }
    yield;
  }
  const scale: Record<string, number> = {};
  for (const [key, values] of scores) {
    const rank = Math.ceil(CONFIDENCE * (values.length + 1));
    if (values.length >= 4 && rank <= values.length) scale[key] = [...values].sort((a, b) => a - b)[rank - 1]!;
  }
  const profiles: EtaProfile[] = [];
  for (const month of months) {
    profiles.push({ ...profileOf(stops, trips, month, now), scale });
    yield;
  }
  return profiles;
}
