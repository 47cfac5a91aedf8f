/**
 * `npm run eta:backtest`: the learned ETA against the plan on the demo history. For every demo train
 * that departed in its last three months (January–March 2024), predicts the arrival at departure, at the
 * border (arrival at the crossing's first stop), after the gauge change (departure from its stop) and at
 * Novosibirsk, each time learning only from the trains of the route that had arrived by then (no
 * peeking), and compares with the plan-only ETA from the same events. Writes bench/results/eta-backtest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { pino } from 'pino';
import {
  type CompletedTrip,
  type EtaProfile,
  type EtaStop,
  learnProfiles,
  positionOf,
  predictRemaining,
  trainState,
  tripOf,
} from '@landbridge/tracking';
import { DEMO_EXPORTERS, planMonth } from '../apps/demo/src/demo-plan.js';
import { demoRows, type DemoStop } from '../apps/demo/src/demo-rows.js';
import { DEMO_TARGETS } from '../apps/demo/src/demo-targets.js';

const HOUR_MS = 3_600_000;
const TEST_FROM = Date.UTC(2024, 0, 1);

/** The seeded routes (reference data's seed migration, DOMAIN.md): `*` marks the gauge change. */
const KINDS: Record<string, string> = {
  CNZGZ: 'terminal',
  CNERC: 'border',
  MNZUU: 'border',
  MNULN: 'junction',
  RUNKI: 'border',
  CNMLX: 'border',
  RUZBK: 'border',
  CNAKL: 'border',
  KZDOS: 'border',
  RUOVB: 'junction',
  RUYEK: 'junction',
  RUMOW: 'terminal',
};
const ROUTES: Record<string, string> = {
  'ZGZ-MOW-ERC': 'CNZGZ@0 CNERC@40 MNZUU@52* MNULN@70 RUNKI@96 RUOVB@170 RUYEK@230 RUMOW@300',
  'ZGZ-MOW-MLX': 'CNZGZ@0 CNMLX@60 RUZBK@72* RUOVB@190 RUYEK@250 RUMOW@330',
  'ZGZ-MOW-AKL': 'CNZGZ@0 CNAKL@75 KZDOS@88* RUOVB@150 RUYEK@215 RUMOW@290',
};
const routes = new Map<string, DemoStop[]>(
  Object.entries(ROUTES).map(([code, stops]) => [
    code,
    stops.split(' ').map((stop) => {
      const [, stationCode, hours, star] = /^([A-Z]{5})@(\d+)(\*?)$/.exec(stop)!;
      return {
        stationCode: stationCode!,
        hoursFromOrigin: Number(hours),
        gaugeChange: star === '*',
        kind: KINDS[stationCode!]!,
        name: stationCode!,
      };
    }),
  ]),
);

type Point = 'departure' | 'border' | 'after-gauge-change' | 'RUOVB';
const POINTS: Point[] = ['departure', 'border', 'after-gauge-change', 'RUOVB'];

type JourneyEvent = Parameters<typeof tripOf>[1][number];

interface TrainHistory {
  routeCode: string;
  events: JourneyEvent[];
  trip: CompletedTrip;
}

/** When a prediction point is reached in a train's events. */
function momentOf(point: Point, stops: readonly EtaStop[], events: TrainHistory['events']): Date | undefined {
  const change = stops.findIndex((s) => s.gaugeChange);
  let first = change;
  while (first > 0 && stops[first - 1]!.kind === 'border') first--;
  const find = (type: string, station?: string) =>
    events.find((e) => e.type === type && (!station || e.stationCode === station))?.occurredAt;
  switch (point) {
    case 'departure':
      return find('DEPARTED');
    case 'border':
      return find('ARRIVED_AT_STATION', stops[first]!.stationCode);
    case 'after-gauge-change':
      return find('DEPARTED_STATION', stops[change]!.stationCode);
    default:
      return find('ARRIVED_AT_STATION', 'RUOVB');
  }
}

const log = pino({ name: 'eta-backtest' });
const started = Date.now();
const trains = DEMO_TARGETS.flatMap((target) => planMonth(target));
const rows = demoRows(trains, routes, new Map(DEMO_EXPORTERS.map((e) => [e.key, e.key])));
const byTrain = new Map<string, JourneyEvent[]>();
rows.events.train.forEach((train, i) => {
  if (rows.events.consignment[i]) return;
  const list = byTrain.get(train) ?? [];
  list.push({
    type: rows.events.type[i]!,
    stationCode: rows.events.station[i]!,
    occurredAt: rows.events.at[i]!,
    consignmentId: null,
    vin: null,
    note: null,
    delayHours: null,
    seq: list.length,
  });
  byTrain.set(train, list);
});
const history: TrainHistory[] = trains.map((train) => {
  const events = byTrain.get(train.id)!;
  return { routeCode: train.routeCode, events, trip: tripOf(routes.get(train.routeCode)!, events)! };
});

// Profiles depend only on the trips learned from: kept by route, number of trips arrived and month.
const learned = new Map<string, EtaProfile | null>();
function profileFor(routeCode: string, before: Date, month: number): EtaProfile | null {
  const trips = history.filter((h) => h.routeCode === routeCode && h.trip.arrivedAt < before).map((h) => h.trip);
  const key = `${routeCode}:${trips.length}:${month}`;
  if (!learned.has(key)) learned.set(key, learnProfiles(routes.get(routeCode)!, trips, before, [month])?.[0] ?? null);
  return learned.get(key)!;
}

const tally = new Map(POINTS.map((p) => [p, { trips: 0, plan: 0, learned: 0, inside: 0, ranged: 0 }]));
for (const train of history.filter((h) => h.trip.departedAt.getTime() >= TEST_FROM)) {
  const stops = routes.get(train.routeCode)!;
  const actual = train.trip.arrivedAt.getTime();
  for (const point of POINTS) {
    const at = momentOf(point, stops, train.events);
    if (!at) continue;
    const known = train.events.filter((e) => e.occurredAt <= at);
    const plan = trainState(
      stops.map((s) => ({ stationCode: s.stationCode, plannedHoursFromOrigin: s.hoursFromOrigin })),
      train.trip.departedAt,
      known,
    ).eta.getTime();
    const position = positionOf(stops, known);
    const profile = profileFor(train.routeCode, at, train.trip.departedAt.getUTCMonth() + 1);
    const remaining = position && profile ? predictRemaining(stops, profile, position) : undefined;
    const t = tally.get(point)!;
    t.trips += 1;
    t.plan += Math.abs(plan - actual) / HOUR_MS;
    if (remaining && position) {
      const from = position.at.getTime();
      t.learned += Math.abs(from + remaining.median * HOUR_MS - actual) / HOUR_MS;
      t.ranged += 1;
      if (actual >= from + remaining.low * HOUR_MS && actual <= from + remaining.high * HOUR_MS) t.inside += 1;
    } else {
      // No learned answer (too little history): the plan answers, with no range to hold the arrival.
      t.learned += Math.abs(plan - actual) / HOUR_MS;
    }
  }
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const result = {
  points: POINTS.map((point) => {
    const t = tally.get(point)!;
    return {
      point,
      trips: t.trips,
      planMaeHours: round(t.plan / t.trips, 1),
      learnedMaeHours: round(t.learned / t.trips, 1),
      coverage80: round(t.inside / t.trips, 3),
    };
  }),
};
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/eta-backtest.json', `${JSON.stringify(result, null, 2)}\n`);
const table = [
  '| point | trips | plan MAE h | learned MAE h | learned / plan | in 80 % range |',
  '| --- | --- | --- | --- | --- | --- |',
  ...result.points.map(
    (p) =>
      `| ${p.point} | ${p.trips} | ${p.planMaeHours} | ${p.learnedMaeHours} | ${round(p.learnedMaeHours / p.planMaeHours, 2)} | ${round(p.coverage80 * 100, 1)} % |`,
  ),
].join('\n');
log.info(`ETA backtest on the demo history, ${((Date.now() - started) / 1000).toFixed(1)} s:\n${table}`);
process.stdout.write(`${table}\n`);
