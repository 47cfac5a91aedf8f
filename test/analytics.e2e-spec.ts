import { type Actor, createActor } from './support/actors.js';
import { departedTrain, loadDemoHistory } from './support/scenarios.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { hoursAfter } from './support/train-events.js';

/** The exporters' own trains leave on 2025-06-02 09:30 in Zhengzhou, after the demo history. */
const DEPARTURE = Date.parse('2025-06-02T01:30:00Z');
const { at, event } = hoursAfter(DEPARTURE);

describe('analytics: transit times and border dwell', () => {
  let api: TestApp;
  let operator: Actor;
  let exporterA: Actor;
  let exporterB: Actor;
  let outsider: Actor;

  /** A train of `exporter` on the central route: 30 h at the border (Erenhot 41 h → Zamyn-Uud 71 h), in Moscow at `arrival`. */
  async function completedTrip(exporter: Actor, arrival: number): Promise<void> {
    const { train } = await departedTrain(api, operator, exporter, { departedAt: at(0) });
    const staff = api.as(operator);
    await staff.recordTrainEvent(train.id, event('ARRIVED_AT_STATION', 'CNERC', 41));
    await staff.recordTrainEvent(train.id, event('DEPARTED_STATION', 'MNZUU', 71));
    await staff.recordTrainEvent(train.id, event('ARRIVED', 'RUMOW', arrival));
  }

  beforeAll(async () => {
    api = await startTestApp();
    operator = await createActor(api, 'operator');
    exporterA = await createActor(api, 'exporter');
    exporterB = await createActor(api, 'exporter');
    outsider = await createActor(api, 'exporter');
    await loadDemoHistory(api);
    await completedTrip(exporterA, 320);
    await completedTrip(exporterA, 340);
    await completedTrip(exporterB, 400);
  });
  afterAll(() => api.close());

  it('gives staff the percentiles of every arrived train by period and route, by actual departure', async () => {
    const { items } = await api.as(operator).transitTimes('from=2023-01-01&to=2023-12-31&groupBy=quarter');
    expect(new Set(items.map((i) => i.period))).toEqual(new Set(['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4']));
    expect(new Set(items.map((i) => i.routeCode))).toEqual(new Set(['ZGZ-MOW-ERC', 'ZGZ-MOW-MLX', 'ZGZ-MOW-AKL']));
    for (const item of items) {
      expect(item.trains).toBeGreaterThan(0);
      expect(item.p50Hours).toBeLessThanOrEqual(item.p90Hours);
      // China → Moscow takes about 10–18 days, longer in congested winters.
      expect(item.p50Hours).toBeGreaterThan(240);
      expect(item.p50Hours).toBeLessThan(24 * 25);
    }
    const central = await api
      .as(operator)
      .transitTimes('from=2023-01-01&to=2023-12-31&groupBy=year&routeCode=ZGZ-MOW-ERC');
    expect(central.items.map((i) => [i.period, i.routeCode])).toEqual([['2023', 'ZGZ-MOW-ERC']]);
    expect(central.items[0]!.trains).toBe(
      items.filter((i) => i.routeCode === 'ZGZ-MOW-ERC').reduce((sum, i) => sum + i.trains, 0),
    );
  });

  it('shows border dwell by gauge-change stop: congested winters, fluid summers, Zabaikalsk slower than Zamyn-Uud', async () => {
    const { items } = await api.as(operator).borderDwellStats('from=2023-01-01&to=2023-12-31&groupBy=month');
    const p50 = (period: string, station: string) =>
      items.find((i) => i.period === period && i.stationCode === station)!.p50Hours;
    expect(new Set(items.map((i) => i.stationCode))).toEqual(new Set(['MNZUU', 'RUZBK', 'KZDOS']));
    expect(p50('2023-12', 'MNZUU')).toBeGreaterThan(48);
    expect(p50('2023-07', 'MNZUU')).toBeLessThan(24);
    expect(p50('2023-12', 'RUZBK')).toBeGreaterThan(p50('2023-12', 'MNZUU'));
  });

  it("gives an exporter only the trains that carried its consignments, and another exporter's none of them", async () => {
    const june = 'from=2025-06-01&to=2025-06-30';
    expect((await api.as(exporterA).transitTimes(june)).items).toEqual([
      { period: '2025-06', routeCode: 'ZGZ-MOW-ERC', trains: 2, p50Hours: 330, p90Hours: 338 },
    ]);
    expect((await api.as(exporterA).borderDwellStats(june)).items).toEqual([
      { period: '2025-06', stationCode: 'MNZUU', trains: 2, p50Hours: 30, p90Hours: 30 },
    ]);
    expect((await api.as(exporterB).transitTimes(june)).items).toEqual([
      { period: '2025-06', routeCode: 'ZGZ-MOW-ERC', trains: 1, p50Hours: 400, p90Hours: 400 },
    ]);
    // No demo train, and nothing at all for an exporter whose goods rode none.
    expect((await api.as(exporterA).transitTimes()).items.map((i) => i.period)).toEqual(['2025-06']);
    expect((await api.as(outsider).transitTimes()).items).toEqual([]);
    expect((await api.as(outsider).borderDwellStats()).items).toEqual([]);
    // Staff see all three.
    expect((await api.as(operator).transitTimes(june)).items).toEqual([
      { period: '2025-06', routeCode: 'ZGZ-MOW-ERC', trains: 3, p50Hours: 340, p90Hours: 388 },
    ]);
  });

  it('refuses unknown groupings and dates off the calendar, and callers without credentials', async () => {
    await api.as(operator).transitTimes('groupBy=week').expectProblem(422);
    await api.as(operator).borderDwellStats('from=2023-02-30').expectProblem(422);
    await api.as().transitTimes().expectProblem(401);
  });
});
