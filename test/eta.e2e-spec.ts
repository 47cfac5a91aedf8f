import { EtaService } from '@landbridge/tracking';
import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { EtaRange } from './support/api-types.js';
import { departedTrain, loadDemoHistory } from './support/scenarios.js';
import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { hoursAfter } from './support/train-events.js';

/** Departure of the test trains: 2024-03-20 09:30 in Zhengzhou, after the demo history's winter. */
const DEPARTURE = Date.parse('2024-03-20T01:30:00Z');
const { at, event } = hoursAfter(DEPARTURE);
const width = (range: EtaRange | null) => (Date.parse(range!.high) - Date.parse(range!.low)) / 3_600_000;

describe('the ETA learned from history, with a range', () => {
  let api: TestApp;
  let operator: Actor;
  let exporter: Actor;
  let staff: ApiClient;

  beforeAll(async () => {
    api = await startTestApp();
    await loadDemoHistory(api);
    operator = await createActor(api, 'operator');
    exporter = await createActor(api, 'exporter');
    staff = api.as(operator);
    // What the worker does at start.
    expect(await api.app.get(EtaService).refresh()).toEqual(expect.arrayContaining(['ZGZ-MOW-ERC']));
    // A route with no completed train: a copy of the central one.
    const admin = await api.asAdmin();
    const central = await staff.getRoute('ZGZ-MOW-ERC');
    await admin.createRoute({ code: 'ZGZ-MOW-NEW', name: 'Zhengzhou – Moscow, new', stops: central.stops });
  });
  afterAll(() => api.close());

  it('on a route with history: the median with an 80 % range, narrowing as the train passes the border', async () => {
    const { train, consignments } = await departedTrain(api, operator, exporter, { departedAt: at(0) });
    const departed = await staff.getTrain(train.id);
    expect(departed).toMatchObject({ etaBasis: 'history', etaRange: { confidence: 0.8 } });
    expect(Date.parse(departed.etaRange!.low)).toBeLessThanOrEqual(Date.parse(departed.eta!));
    expect(Date.parse(departed.eta!)).toBeLessThanOrEqual(Date.parse(departed.etaRange!.high));
    // The consignment says the same.
    const consignment = await api.as(exporter).getConsignment(consignments[0]!.id);
    expect(consignment).toMatchObject({ eta: departed.eta, etaRange: departed.etaRange, etaBasis: 'history' });

    await staff.recordTrainEvent(train.id, event('ARRIVED_AT_STATION', 'CNERC', 41));
    const atBorder = await staff.getTrain(train.id);
    expect(atBorder.etaBasis).toBe('history');
    await staff.recordTrainEvent(train.id, event('ARRIVED_AT_STATION', 'MNZUU', 50));
    await staff.recordTrainEvent(train.id, event('DEPARTED_STATION', 'MNZUU', 60));
    const across = await staff.getTrain(train.id);
    expect(across.etaBasis).toBe('history');
    // Border dwell was the unknown: once across, the range is much narrower.
    expect(width(across.etaRange)).toBeLessThan(width(atBorder.etaRange) / 2);
    expect(width(atBorder.etaRange)).toBeLessThanOrEqual(width(departed.etaRange) + 1);

    // The exporter heard of the moves, each with its range.
    // The feed shows an update once every earlier commit is visible, so the latest may come a moment later.
    const movesNow = async () =>
      (await api.as(exporter).events({ limit: 200 })).items.filter(
        (e) => e.type === 'consignment.eta_changed' && e.data.consignmentId === consignments[0]!.id,
      );
    await eventually(
      async () => ((await movesNow()).at(-1)?.data as { eta?: string } | undefined)?.eta === across.eta,
      10_000,
    ).catch(() => undefined);
    const moves = await movesNow();
    expect(moves.length).toBeGreaterThan(0);
    expect(moves.at(-1)!.data).toMatchObject({ eta: across.eta, etaRange: across.etaRange });

    await staff.recordTrainEvent(train.id, event('ARRIVED_AT_STATION', 'RUOVB', 180));
    const novosibirsk = await staff.getTrain(train.id);
    expect(width(novosibirsk.etaRange)).toBeLessThan(width(across.etaRange));
    // Around Novosibirsk's leg: the median lies 4–6 days ahead, from the sighting at Novosibirsk.
    const ahead = (Date.parse(novosibirsk.eta!) - Date.parse(at(180))) / 3_600_000;
    expect(ahead).toBeGreaterThan(100);
    expect(ahead).toBeLessThan(150);

    await staff.recordTrainEvent(train.id, event('ARRIVED', 'RUMOW', 320));
    expect(await staff.getTrain(train.id)).toMatchObject({ eta: at(320), etaRange: null, etaBasis: 'plan' });
  });

  it('on a route without history: the plan, and no range', async () => {
    const { train, consignments } = await departedTrain(api, operator, exporter, {
      departedAt: at(0),
      train: { routeCode: 'ZGZ-MOW-NEW' },
    });
    await staff.recordTrainEvent(train.id, event('ARRIVED_AT_STATION', 'CNERC', 41));
    // Planned 40 h to Erenhot: an hour late, so the plan's 300 h are 301.
    expect(await staff.getTrain(train.id)).toMatchObject({ eta: at(301), etaRange: null, etaBasis: 'plan' });
    expect(await api.as(exporter).getConsignment(consignments[0]!.id)).toMatchObject({
      eta: at(301),
      etaRange: null,
      etaBasis: 'plan',
    });
  });

  it('before departure, the plan', async () => {
    const planned = await staff.createTrain({
      trainNumber: 'X9999',
      routeCode: 'ZGZ-MOW-ERC',
      plannedDepartureAt: at(0),
    });
    expect(planned).toMatchObject({ eta: at(300), etaRange: null, etaBasis: 'plan' });
  });
});
