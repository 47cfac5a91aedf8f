import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import { departedTrain } from './support/scenarios.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { hoursAfter } from './support/train-events.js';

/** Departure of the test trains (planned 2024-03-20 09:30 in Zhengzhou). */
const DEPARTURE = Date.parse('2024-03-20T01:30:00Z');
const { at, event } = hoursAfter(DEPARTURE);

describe('border dwell on the train (ZGZ-MOW-ERC: Erenhot, then the gauge change at Zamyn-Uud)', () => {
  let api: TestApp;
  let operator: Actor;
  let exporter: Actor;
  let staff: ApiClient;

  beforeAll(async () => {
    api = await startTestApp();
    operator = await createActor(api, 'operator');
    exporter = await createActor(api, 'exporter');
    staff = api.as(operator);
  });
  afterAll(() => api.close());

  it('opens at the arrival at Erenhot, stays open through the gauge change, and closes at the departure from Zamyn-Uud', async () => {
    const { train } = await departedTrain(api, operator, exporter, { departedAt: at(0) });
    expect((await staff.getTrain(train.id)).borderDwell).toEqual([]);

    await staff.recordTrainEvent(train.id, event('ARRIVED_AT_STATION', 'CNERC', 41));
    await staff.recordTrainEvent(train.id, event('BORDER_CROSSED', 'CNERC', 44));
    await staff.recordTrainEvent(train.id, event('ARRIVED_AT_STATION', 'MNZUU', 46));
    await staff.recordTrainEvent(train.id, event('GAUGE_CHANGED', 'MNZUU', 50));
    const atBorder = await staff.getTrain(train.id);
    expect(atBorder.borderDwell).toEqual([{ stationCode: 'MNZUU', arrivedAt: at(41), departedAt: null, hours: null }]);

    await staff.recordTrainEvent(train.id, event('DEPARTED_STATION', 'MNZUU', 55.25));
    const left = await staff.getTrain(train.id);
    expect(left.borderDwell).toEqual([{ stationCode: 'MNZUU', arrivedAt: at(41), departedAt: at(55.25), hours: 14.3 }]);
    expect(left.version).toBeGreaterThan(atBorder.version);
    // The list shows the same.
    const listed = (await staff.listTrains({ limit: 200 })).items.find((t) => t.id === train.id);
    expect(listed?.borderDwell).toEqual(left.borderDwell);

    // Naushki is a border without a gauge change: no second entry.
    await staff.recordTrainEvent(train.id, event('ARRIVED_AT_STATION', 'RUNKI', 100));
    await staff.recordTrainEvent(train.id, event('DEPARTED_STATION', 'RUNKI', 130));
    expect((await staff.getTrain(train.id)).borderDwell).toEqual(left.borderDwell);
  });

  it('counts from the first event at the crossing when the arrival was not reported, and from the arrival once it syncs late', async () => {
    const { train } = await departedTrain(api, operator, exporter, { departedAt: at(0) });
    await staff.recordTrainEvent(train.id, event('ARRIVED_AT_STATION', 'MNZUU', 52));
    // No departure from Zamyn-Uud reported: the next sighting further on ends the dwell.
    await staff.recordTrainEvent(train.id, event('ARRIVED_AT_STATION', 'MNULN', 124));
    expect((await staff.getTrain(train.id)).borderDwell).toEqual([
      { stationCode: 'MNZUU', arrivedAt: at(52), departedAt: at(124), hours: 72 },
    ]);

    // A handheld at Erenhot syncs its arrival days later.
    await staff.recordTrainEvent(train.id, event('ARRIVED_AT_STATION', 'CNERC', 40.5));
    expect((await staff.getTrain(train.id)).borderDwell).toEqual([
      { stationCode: 'MNZUU', arrivedAt: at(40.5), departedAt: at(124), hours: 83.5 },
    ]);
  });

  it('is staff-only, like the rest of the train', async () => {
    const { train } = await departedTrain(api, operator, exporter, { departedAt: at(0) });
    await staff.recordTrainEvent(train.id, event('ARRIVED_AT_STATION', 'CNERC', 41));
    const problem = await api.as(exporter).getTrain(train.id).expectProblem(403);
    expect(problem).not.toHaveProperty('borderDwell');
  });
});
