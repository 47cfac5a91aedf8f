import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type {
  ConsignmentEventInput,
  DamageReportedEvent,
  EtaChangedEvent,
  StatusEvent,
  TrainEventInput,
  UpdateEvent,
} from './support/api-types.js';
import { PLANNED_DEPARTURE } from './support/factories.js';
import { OpenApiValidator } from './support/openapi-validator.js';
import { delayedAndDamagedTrain, departedTrain, loadedTrain } from './support/scenarios.js';
import { openStream, type SseClient } from './support/sse.js';
import { updateFeed } from './support/status-feed.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Departure of the test trains (planned 2024-03-20 09:30 in Zhengzhou); on ZGZ-MOW-ERC Moscow is 300 h on. */
const DEPARTURE = Date.parse(PLANNED_DEPARTURE);
const at = (hours: number) => new Date(DEPARTURE + hours * 3_600_000).toISOString();

const trainEvent = (
  type: TrainEventInput['type'],
  stationCode: string,
  hours: number,
  extra: Partial<TrainEventInput> = {},
): TrainEventInput => ({ type, stationCode, occurredAt: at(hours), ...extra });
const consignmentEvent = (
  type: ConsignmentEventInput['type'],
  stationCode: string,
  hours: number,
  extra: Partial<ConsignmentEventInput> = {},
): ConsignmentEventInput => ({ type, stationCode, occurredAt: at(hours), ...extra });

const isEta = (event: UpdateEvent): event is EtaChangedEvent => event.type === 'consignment.eta_changed';
const isDamage = (event: UpdateEvent): event is DamageReportedEvent => event.type === 'consignment.damage_reported';
const isStatus = (event: UpdateEvent): event is StatusEvent => event.type === 'consignment.status_changed';

describe('richer updates: ETA moves, damage reports and the reason of a status change', () => {
  let api: TestApp;
  let operator: Actor;
  let exporterA: Actor;
  let exporterB: Actor;
  let staff: ApiClient;
  const streams: SseClient[] = [];

  /** What `who` may see of the feed about one consignment, of every type, in feed order. */
  const about = async (who: Actor, consignmentId: string) =>
    (await updateFeed(api, who)).filter((event) => event.data.consignmentId === consignmentId);

  beforeAll(async () => {
    api = await startTestApp();
    operator = await createActor(api, 'operator');
    exporterA = await createActor(api, 'exporter');
    exporterB = await createActor(api, 'exporter');
    staff = api.as(operator);
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await api.close();
  });

  it('announces each move of the ETA by an hour or more from the one last announced, once, whatever the order or the retries', async () => {
    const { train, consignment } = await departedTrain(api, operator, exporterA);
    const record = (event: TrainEventInput, options?: { idempotencyKey: string }) =>
      staff.recordTrainEvent(train.id, event, options);

    // Half an hour late at Erenhot, then an hour: the two small moves add up to one announcement.
    await record(trainEvent('ARRIVED_AT_STATION', 'CNERC', 40.5));
    await record(trainEvent('DEPARTED_STATION', 'CNERC', 41));
    // A 12-hour delay, sent twice with the same Idempotency-Key (a replay) and once more without (a retry).
    const delay = trainEvent('DELAYED', 'CNERC', 41.5, { delayHours: 12 });
    await record(delay, { idempotencyKey: 'delay-at-erenhot' });
    const replay = record(delay, { idempotencyKey: 'delay-at-erenhot' });
    expect((await replay.response).headers.get('idempotent-replayed')).toBe('true');
    await record(delay).expectStatus(200);
    // At Zamyn-Uud half an hour later than that: no announcement.
    await record(trainEvent('ARRIVED_AT_STATION', 'MNZUU', 66));
    // A handheld syncs late: an 8-hour delay declared there before the arrival was recorded, sent twice.
    await record(trainEvent('DELAYED', 'MNZUU', 65, { delayHours: 8 }));
    await record(trainEvent('DELAYED', 'MNZUU', 65, { delayHours: 8 })).expectStatus(200);

    const etaEvents = (await about(exporterA, consignment.id)).filter(isEta);
    expect(etaEvents.map((e) => [e.occurredAt, e.data.previousEta, e.data.eta])).toEqual([
      [at(41), at(300), at(301)],
      [at(41.5), at(301), at(313.5)],
      [at(65), at(313.5), at(321)],
    ]);
    expect(etaEvents[0]!.data).toEqual({
      consignmentId: consignment.id,
      waybillNumber: consignment.waybillNumber,
      exporterId: exporterA.organizationId,
      previousEta: at(300),
      eta: at(301),
      etaRange: null,
    });
    expect((await staff.getConsignment(consignment.id)).eta).toBe(at(321));
    // Another exporter hears nothing of it.
    expect(await about(exporterB, consignment.id)).toEqual([]);
  });

  it('announces the ETA moved with the planned departure of a train not yet departed', async () => {
    const { train, consignment } = await loadedTrain(api, operator, exporterA);
    const plannedIn = (hours: number) => new Date(DEPARTURE + hours * 3_600_000).toISOString();

    await staff.updateTrain(train.id, { plannedDepartureAt: plannedIn(0.5) });
    await staff.updateTrain(train.id, { plannedDepartureAt: plannedIn(3) });

    expect((await about(exporterA, consignment.id)).filter(isEta).map((e) => [e.data.previousEta, e.data.eta])).toEqual(
      [[at(300), at(303)]],
    );
  });

  it("gives a status change the note of the event that caused it (a customs hold's reason), null otherwise", async () => {
    const { consignment } = await departedTrain(api, operator, exporterA);
    await staff.recordConsignmentEvent(
      consignment.id,
      consignmentEvent('CUSTOMS_HOLD', 'MNZUU', 60, { note: 'recycling fee not paid' }),
    );
    await staff.recordConsignmentEvent(consignment.id, consignmentEvent('CUSTOMS_CLEARED', 'MNZUU', 70));

    const changes = (await about(exporterA, consignment.id)).filter(isStatus);
    expect(changes.map((e) => [e.data.status, e.data.note])).toEqual([
      ['loaded', null],
      ['in_transit', null],
      ['customs_hold', 'recycling fee not paid'],
      ['in_transit', null],
    ]);
  });

  it('announces a damage report with the vehicle and the note, once, to its exporter and staff only', async () => {
    const { consignment } = await departedTrain(api, operator, exporterA, { vehiclesEach: 2 });
    const vin = consignment.vehicles[1]!.vin;
    const report = consignmentEvent('DAMAGE_REPORTED', 'MNZUU', 62, { vin, note: 'cracked windscreen' });
    await staff.recordConsignmentEvent(consignment.id, report);
    await staff.recordConsignmentEvent(consignment.id, report).expectStatus(200);
    await staff.recordConsignmentEvent(consignment.id, consignmentEvent('DAMAGE_REPORTED', 'MNZUU', 63));

    const reports = (await about(exporterA, consignment.id)).filter(isDamage);
    expect(reports.map((e) => [e.occurredAt, e.data])).toEqual([
      [
        at(62),
        {
          consignmentId: consignment.id,
          waybillNumber: consignment.waybillNumber,
          exporterId: exporterA.organizationId,
          vin,
          stationCode: 'MNZUU',
          note: 'cracked windscreen',
        },
      ],
      [at(63), expect.objectContaining({ vin: null, note: null })],
    ]);
    // Nothing else changed: the status stays in transit, with no status event for the reports.
    expect((await about(exporterA, consignment.id)).filter(isStatus).map((e) => e.data.status)).toEqual([
      'loaded',
      'in_transit',
    ]);
    expect((await about(operator, consignment.id)).filter(isDamage)).toEqual(reports);
    expect(await about(exporterB, consignment.id)).toEqual([]);
  });

  it('streams every type, each as its own `event:`, to those who may see it', async () => {
    const open = async (who: Actor) => {
      const stream = await openStream(`${api.baseUrl}/api/v1/events/stream`, who.token);
      streams.push(stream);
      return stream;
    };
    const [mine, theirs, all] = [await open(exporterA), await open(exporterB), await open(operator)];
    const { consignment } = await delayedAndDamagedTrain(api, operator, exporterA);

    const expected = await about(exporterA, consignment.id);
    expect(expected.map((e) => e.type)).toEqual([
      'consignment.status_changed',
      'consignment.status_changed',
      'consignment.eta_changed',
      'consignment.damage_reported',
    ]);
    await mine.waitFor(expected.length);
    await all.waitFor(expected.length);
    expect(mine.events.map((e) => [e.id, e.event, e.data])).toEqual(expected.map((e) => [e.id, e.type, e]));
    expect(all.events.filter((e) => (e.data as UpdateEvent).data.consignmentId === consignment.id)).toEqual(
      mine.events,
    );
    await new Promise((done) => setTimeout(done, 1500));
    expect(theirs.events).toEqual([]);
  });

  it('conforms, every type, to the OpenAPI schema of the feed', async () => {
    const schemas = new OpenApiValidator(
      (await api.as().openApi()) as unknown as ConstructorParameters<typeof OpenApiValidator>[0],
    );
    const { consignment } = await delayedAndDamagedTrain(api, operator, exporterA);
    await staff.recordConsignmentEvent(consignment.id, consignmentEvent('CUSTOMS_HOLD', 'CNZGZ', 3, { note: 'EPTS' }));
    const items = await about(exporterA, consignment.id);
    expect(new Set(items.map((e) => e.type)).size).toBe(3);
    expect(schemas.problems('StatusEventPageDto', { items, nextCursor: items.at(-1)!.id })).toEqual([]);
    // And it is strict: an event of one type with the data of another does not pass.
    const [status, eta] = [items.find(isStatus)!, items.find(isEta)!];
    expect(
      schemas.problems('StatusEventPageDto', { items: [{ ...status, data: eta.data }], nextCursor: null }),
    ).not.toEqual([]);
  });
});
