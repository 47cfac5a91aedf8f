import { randomInt } from 'node:crypto';
import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type {
  Consignment,
  Consist,
  Train,
  TrainEventInput,
  TransshipmentInput,
  TransshippedEvent,
  WagonInput,
} from './support/api-types.js';
import {
  aBroadGaugeWagonNumber,
  aContainerNumber,
  aTrain,
  aUicWagonNumber,
  PLANNED_DEPARTURE,
} from './support/factories.js';
import { bookedConsignment } from './support/scenarios.js';
import { updateFeed } from './support/status-feed.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const problemType = (slug: string) => `https://landbridge.dev/problems/${slug}`;
/** The test trains' time line: hours after their departure from Zhengzhou. */
const hoursOn = (hours: number) => new Date(Date.parse(PLANNED_DEPARTURE) + hours * 3_600_000).toISOString();
const isTransshipped = (event: { type: string }): event is TransshippedEvent =>
  event.type === 'consignment.transshipped';

/**
 * A train at Zamyn-Uud ready for its gauge change: two flats with a container each and a car carrier
 * (1435 mm), consignment A's two cars in container 1, consignment B's car in container 2 and its bus on the
 * car carrier; departed from Zhengzhou, arrived at Erenhot (40 h) and Zamyn-Uud (52 h).
 */
interface ReadyTrain {
  train: Train;
  consist: Consist;
  a: Consignment;
  b: Consignment;
  containers: [string, string];
  carCarrier: string;
  bus: string;
}

/** Broad-gauge wagons taking both containers (one 80-foot flat) and a car carrier for the bus. */
function broadWagons(ready: ReadyTrain): { wagons: WagonInput[]; flat: string; carCarrier: string } {
  const flat = aBroadGaugeWagonNumber();
  const carCarrier = aBroadGaugeWagonNumber();
  return {
    flat,
    carCarrier,
    wagons: [
      {
        position: 1,
        number: flat,
        gauge: 1520,
        kind: 'flat',
        capacityTeu: 4,
        containers: ready.containers.map((number) => ({ number, sizeType: '45G1' })),
      },
      { position: 2, number: carCarrier, gauge: 1520, kind: 'car_carrier' },
    ],
  };
}

/** A transshipment of the ready train that carries everything on, at 56 h, under a new number. */
function aTransshipment(ready: ReadyTrain, overrides: Partial<TransshipmentInput> = {}): TransshipmentInput {
  const { wagons, carCarrier } = broadWagons(ready);
  return {
    stationCode: 'MNZUU',
    occurredAt: hoursOn(56),
    trainNumber: `${8000 + randomInt(1000)}${randomInt(100)}`,
    wagons,
    vehicleMoves: [{ vin: ready.bus, wagonNumber: carCarrier }],
    ...overrides,
  };
}

describe('POST /trains/:id/transshipments: the gauge change', () => {
  let api: TestApp;
  let operator: Actor;
  let exporter: Actor;
  /** An exporter with nothing on the test trains. */
  let outsider: Actor;
  let staff: ApiClient;

  beforeAll(async () => {
    api = await startTestApp();
    [operator, exporter, outsider] = (await Promise.all(
      (['operator', 'exporter', 'exporter'] as const).map((role) => createActor(api, role)),
    )) as [Actor, Actor, Actor];
    staff = api.as(operator);
  });
  afterAll(() => api.close());

  /** A train as ReadyTrain describes; `arrivals` are its ARRIVED_AT_STATION events (hours) to record. */
  async function readyTrain(
    arrivals: [string, number][] = [
      ['CNERC', 40],
      ['MNZUU', 52],
    ],
    { withConsist = true, routeCode = 'ZGZ-MOW-ERC' } = {},
  ): Promise<ReadyTrain> {
    const train = await staff.createTrain(aTrain({ routeCode }));
    const [a, b] = await Promise.all([bookedConsignment(api, exporter, 2), bookedConsignment(api, exporter, 2)]);
    const containers: [string, string] = [aContainerNumber(), aContainerNumber()];
    const carCarrier = aUicWagonNumber();
    const consist = withConsist
      ? await staff.putConsist(train.id, {
          wagons: [
            ...containers.map((number, i): WagonInput => ({
              position: i + 1,
              number: aUicWagonNumber(),
              gauge: 1435,
              kind: 'flat',
              capacityTeu: 2,
              containers: [{ number, sizeType: '45G1' }],
            })),
            { position: 3, number: carCarrier, gauge: 1435, kind: 'car_carrier' },
          ],
        })
      : (undefined as unknown as Consist);
    const [bCar, bus] = b.vehicles.map((vehicle) => vehicle.vin) as [string, string];
    await staff.load(train.id, {
      unit: { kind: 'container', number: containers[0] },
      vins: a.vehicles.map((v) => v.vin),
    });
    await staff.load(train.id, { unit: { kind: 'container', number: containers[1] }, vins: [bCar] });
    await staff.load(train.id, { unit: { kind: 'wagon', number: carCarrier }, vins: [bus] });
    await staff.recordTrainEvent(train.id, { type: 'DEPARTED', stationCode: 'CNZGZ', occurredAt: hoursOn(0) });
    for (const [stationCode, hours] of arrivals) {
      await staff.recordTrainEvent(train.id, { type: 'ARRIVED_AT_STATION', stationCode, occurredAt: hoursOn(hours) });
    }
    return { train, consist, a, b, containers, carCarrier, bus };
  }

  /** Nothing of a refused transshipment is stored: the same consist and number, no event, no update. */
  async function expectUntransshipped(ready: ReadyTrain): Promise<void> {
    expect(await staff.getConsist(ready.train.id)).toEqual(ready.consist);
    expect((await staff.getTrain(ready.train.id)).trainNumber).toBe(ready.train.trainNumber);
    const timeline = await staff.timeline(ready.a.id);
    expect(timeline.items.map((item) => item.type)).not.toContain('TRANSSHIPPED');
    const feed = await updateFeed(api, operator);
    expect(feed.filter(isTransshipped).filter((e) => [ready.a.id, ready.b.id].includes(e.data.consignmentId))).toEqual(
      [],
    );
  }

  it('moves every container and the bus onto 1520 mm wagons under a new number, from its time on', async () => {
    const ready = await readyTrain();
    const input = aTransshipment(ready);
    const call = staff.transship(ready.train.id, input);
    const done = await call;

    const occurredAt = new Date(input.occurredAt).toISOString();
    const consistAfter: Consist = {
      trainId: ready.train.id,
      trainNumber: input.trainNumber!,
      stationCode: 'MNZUU',
      validFrom: occurredAt,
      validTo: null,
      version: 1,
      wagons: input.wagons.map((wagon) => ({
        position: wagon.position,
        number: wagon.number,
        gauge: 1520,
        kind: wagon.kind,
        capacityTeu: wagon.capacityTeu ?? null,
        containers: [...(wagon.containers ?? [])].sort((x, y) => x.number.localeCompare(y.number)),
      })),
    };
    expect(done).toEqual({
      id: expect.any(String) as unknown,
      trainId: ready.train.id,
      stationCode: 'MNZUU',
      occurredAt,
      fromTrainNumber: ready.train.trainNumber,
      trainNumber: input.trainNumber,
      containersMoved: 2,
      vehiclesMoved: 4,
      consist: consistAfter,
    });
    expect((await call.response).headers.get('location')).toBe(
      `/api/v1/trains/${ready.train.id}/consist?at=${encodeURIComponent(occurredAt)}`,
    );

    // The consist before the gauge change is the 1435 mm one, closed at its time; the new one after.
    expect(await staff.getConsist(ready.train.id, hoursOn(55))).toEqual({ ...ready.consist, validTo: occurredAt });
    expect(await staff.getConsist(ready.train.id, hoursOn(57))).toEqual(consistAfter);
    expect(await staff.getConsist(ready.train.id)).toEqual(consistAfter);
    const train = await staff.getTrain(ready.train.id);
    expect(train).toMatchObject({ trainNumber: input.trainNumber, currentStationCode: 'MNZUU', status: 'departed' });

    // Containers and VINs keep their numbers; the vehicles' wagons change, and both train numbers find the train.
    const [flat, carCarrier] = input.wagons.map((wagon) => wagon.number) as [string, string];
    const [aCar] = ready.a.vehicles.map((v) => v.vin) as [string];
    expect((await api.as(exporter).getVehicle(aCar)).wagon).toEqual({ number: flat, gauge: 1520 });
    expect((await api.as(exporter).getVehicle(ready.bus)).wagon).toEqual({ number: carCarrier, gauge: 1520 });
    expect(
      (await api.as(exporter).getConsignment(ready.b.id)).vehicles.map((v) => ({ vin: v.vin, wagon: v.wagon })),
    ).toEqual(
      expect.arrayContaining([
        { vin: ready.bus, wagon: { number: carCarrier, gauge: 1520 } },
        { vin: ready.b.vehicles[0]!.vin, wagon: { number: flat, gauge: 1520 } },
      ]),
    );
    const container = await staff.getContainer(ready.containers[1]);
    expect(container).toMatchObject({ trainNumber: input.trainNumber, wagon: { number: flat, gauge: 1520 } });
    expect(container.history.map((entry) => entry.stationCode)).toEqual(['CNZGZ', 'MNZUU']);
    for (const trainNumber of [ready.train.trainNumber, input.trainNumber!]) {
      expect((await staff.listTrains({ trainNumber })).items.map((t) => t.id)).toEqual([ready.train.id]);
    }

    // The timeline shows the gauge change as a train event, named by the station.
    const timeline = await staff.timeline(ready.b.id);
    expect(timeline.items.find((item) => item.type === 'TRANSSHIPPED')).toEqual({
      id: expect.any(String) as unknown,
      type: 'TRANSSHIPPED',
      stationCode: 'MNZUU',
      stationName: 'Zamyn-Uud',
      occurredAt,
      recordedAt: expect.any(String) as unknown,
      source: 'train',
      note: `Zamyn-Uud: 2 containers from 1435 mm to 1520 mm wagons, train now ${input.trainNumber!}`,
      delayHours: null,
      vin: null,
    });
    expect(timeline.items.map((item) => item.type)).toEqual([
      'DEPARTED',
      'ARRIVED_AT_STATION',
      'ARRIVED_AT_STATION',
      'TRANSSHIPPED',
    ]);

    // One consignment.transshipped per consignment, naming its vehicles that changed wagon.
    const feed = (await updateFeed(api, exporter)).filter(isTransshipped);
    const ofTrain = feed.filter((e) => e.data.trainId === ready.train.id);
    const byConsignment = (x: TransshippedEvent, y: TransshippedEvent) =>
      x.data.consignmentId.localeCompare(y.data.consignmentId);
    expect(
      ofTrain.map((e) => ({ ...e, data: { ...e.data, vins: [...e.data.vins].sort() } })).sort(byConsignment),
    ).toEqual(
      [ready.a, ready.b]
        .map((consignment): TransshippedEvent => ({
          id: expect.any(String) as string,
          type: 'consignment.transshipped',
          occurredAt,
          data: {
            consignmentId: consignment.id,
            waybillNumber: consignment.waybillNumber,
            exporterId: exporter.organizationId,
            trainId: ready.train.id,
            trainNumber: input.trainNumber!,
            stationCode: 'MNZUU',
            vehiclesMoved: consignment.vehicles.length,
            vins: consignment.vehicles.map((v) => v.vin).sort(),
          },
        }))
        .sort(byConsignment),
    );
    expect(ofTrain).toHaveLength(2);
  });

  it('names in the timeline the wagon a vehicle rode at each item’s time, for a damage report synced late too', async () => {
    const ready = await readyTrain();
    const input = aTransshipment(ready);
    const { flat, carCarrier } = {
      flat: input.wagons[0]!.number,
      carCarrier: input.wagons[1]!.number,
    };
    await staff.transship(ready.train.id, input);
    const [aCar] = ready.a.vehicles.map((v) => v.vin) as [string];
    const oldFlatOfA = ready.consist.wagons.find((w) => w.containers.some((c) => c.number === ready.containers[0]))!;

    // Reported after the gauge change: the 1520 mm flat. Synced late but dated before it: the 1435 mm one.
    await staff.recordConsignmentEvent(ready.a.id, {
      type: 'DAMAGE_REPORTED',
      stationCode: 'MNZUU',
      occurredAt: hoursOn(57),
      vin: aCar,
      note: 'scratched door',
    });
    await staff.recordConsignmentEvent(ready.a.id, {
      type: 'DAMAGE_REPORTED',
      stationCode: 'CNERC',
      occurredAt: hoursOn(41),
      vin: aCar,
      note: 'dented bumper',
    });
    await staff.recordConsignmentEvent(ready.b.id, {
      type: 'DAMAGE_REPORTED',
      stationCode: 'MNZUU',
      occurredAt: hoursOn(53),
      vin: ready.bus,
      note: 'mirror',
    });
    await staff.recordConsignmentEvent(ready.b.id, {
      type: 'DAMAGE_REPORTED',
      stationCode: 'MNZUU',
      occurredAt: hoursOn(58),
      vin: ready.bus,
      note: 'mirror again',
    });

    const damage = async (consignmentId: string) =>
      (await api.as(exporter).timeline(consignmentId)).items
        .filter((item) => item.type === 'DAMAGE_REPORTED')
        .map((item) => ({ note: item.note, wagon: item.wagon }));
    expect(await damage(ready.a.id)).toEqual([
      { note: 'dented bumper', wagon: { number: oldFlatOfA.number, gauge: 1435 } },
      { note: 'scratched door', wagon: { number: flat, gauge: 1520 } },
    ]);
    expect(await damage(ready.b.id)).toEqual([
      { note: 'mirror', wagon: { number: ready.carCarrier, gauge: 1435 } },
      { note: 'mirror again', wagon: { number: carCarrier, gauge: 1520 } },
    ]);
    // Items naming no vehicle carry no wagon.
    const timeline = await staff.timeline(ready.a.id);
    expect(timeline.items.filter((item) => !item.vin).every((item) => item.wagon === undefined)).toBe(true);
  });

  it('moves a vehicle of a car carrier into a container of the new consist', async () => {
    const ready = await readyTrain();
    const { wagons } = broadWagons(ready);
    const done = await staff.transship(
      ready.train.id,
      aTransshipment(ready, {
        wagons: [wagons[0]!],
        vehicleMoves: [{ vin: ready.bus.toLowerCase(), containerNumber: ready.containers[1].toLowerCase() }],
        trainNumber: undefined,
      }),
    );
    expect(done).toMatchObject({ trainNumber: ready.train.trainNumber, fromTrainNumber: ready.train.trainNumber });
    expect(await staff.getVehicle(ready.bus)).toMatchObject({
      unit: { kind: 'container', number: ready.containers[1] },
      wagon: { number: wagons[0]!.number, gauge: 1520 },
    });
    await staff.recordConsignmentEvent(ready.b.id, {
      type: 'DAMAGE_REPORTED',
      stationCode: 'MNZUU',
      occurredAt: hoursOn(57),
      vin: ready.bus,
    });
    const item = (await staff.timeline(ready.b.id)).items.find((i) => i.type === 'DAMAGE_REPORTED')!;
    expect(item.wagon).toEqual({ number: wagons[0]!.number, gauge: 1520 });
    const transshipped = (await staff.timeline(ready.b.id)).items.find((i) => i.type === 'TRANSSHIPPED')!;
    expect(transshipped.note).toBe('Zamyn-Uud: 2 containers from 1435 mm to 1520 mm wagons');
  });

  it('shows another organization nothing of it: the timeline is 404, its feed has no update', async () => {
    const ready = await readyTrain();
    await staff.transship(ready.train.id, aTransshipment(ready));
    await api.as(outsider).timeline(ready.a.id).expectProblem(404);
    const feed = (await updateFeed(api, outsider)).filter(isTransshipped);
    expect(feed.filter((e) => e.data.trainId === ready.train.id)).toEqual([]);
    expect((await updateFeed(api, exporter)).filter(isTransshipped).map((e) => e.data.trainId)).toContain(
      ready.train.id,
    );
  });

  it('answers a retry with the same Idempotency-Key with the first answer, transshipping once', async () => {
    const ready = await readyTrain();
    const input = aTransshipment(ready);
    const first = await staff.transship(ready.train.id, input, { idempotencyKey: `transship-${ready.train.id}` });
    const again = staff.transship(ready.train.id, input, { idempotencyKey: `transship-${ready.train.id}` });
    expect(await again).toEqual(first);
    expect((await again.response).headers.get('idempotent-replayed')).toBe('true');
    expect((await staff.timeline(ready.a.id)).items.filter((i) => i.type === 'TRANSSHIPPED')).toHaveLength(1);
  });

  it('records TRANSSHIPPED only with its consist: POST /trains/:id/events refuses the type with 422', async () => {
    const ready = await readyTrain();
    const problem = await staff
      .request('POST', `/api/v1/trains/${ready.train.id}/events`, {
        json: { type: 'TRANSSHIPPED', stationCode: 'MNZUU', occurredAt: hoursOn(56) },
      })
      .expectProblem(422);
    expect(problem.errors?.map((e) => e.field)).toEqual(['type']);
    await expectUntransshipped(ready);
  });

  describe('refusals: nothing is stored', () => {
    /** A route changing gauge twice (a test's invention): at Zamyn-Uud, and at Naushki further on. */
    const twoGaugeChangeRoute = async (code: string) =>
      (await api.asAdmin()).createRoute({
        code,
        name: 'Zhengzhou – Moscow, two gauge changes',
        stops: [
          { sequence: 1, stationCode: 'CNZGZ', plannedHoursFromOrigin: 0, gaugeChange: false },
          { sequence: 2, stationCode: 'MNZUU', plannedHoursFromOrigin: 52, gaugeChange: true },
          { sequence: 3, stationCode: 'RUNKI', plannedHoursFromOrigin: 96, gaugeChange: true },
          { sequence: 4, stationCode: 'RUMOW', plannedHoursFromOrigin: 300, gaugeChange: false },
        ],
      });
    /** The field errors of a transshipment refused with 422 invalid-transshipment. */
    const invalidTransshipment = async (ready: ReadyTrain, overrides: Partial<TransshipmentInput>) => {
      const problem = await staff.transship(ready.train.id, aTransshipment(ready, overrides)).expectProblem(422);
      expect(problem.type).toBe(problemType('invalid-transshipment'));
      return problem.errors;
    };

    it('refuses a stop where the gauge does not change with 422 not-a-gauge-change', async () => {
      const ready = await readyTrain();
      const problem = await staff
        .transship(ready.train.id, aTransshipment(ready, { stationCode: 'CNERC' }))
        .expectProblem(422);
      expect(problem.type).toBe(problemType('not-a-gauge-change'));
      expect(problem.errors).toEqual([
        { field: 'stationCode', message: 'the gauge of route ZGZ-MOW-ERC changes at MNZUU, not at CNERC' },
      ]);
      await expectUntransshipped(ready);
    });

    it('refuses before the train’s arrival at the stop with 409 not-arrived-at-station', async () => {
      const ready = await readyTrain([['CNERC', 40]]);
      const problem = await staff.transship(ready.train.id, aTransshipment(ready)).expectProblem(409);
      expect(problem.type).toBe(problemType('not-arrived-at-station'));
      expect(problem.errors?.map((e) => e.field)).toEqual(['occurredAt']);
      await expectUntransshipped(ready);

      const arrived = await readyTrain();
      const early = await staff
        .transship(arrived.train.id, aTransshipment(arrived, { occurredAt: hoursOn(51) }))
        .expectProblem(409);
      expect(early.type).toBe(problemType('not-arrived-at-station'));
      await expectUntransshipped(arrived);
    });

    it('refuses a train without a consist with 409 no-consist', async () => {
      const ready = await readyTrain(undefined, { withConsist: false });
      const problem = await staff.transship(ready.train.id, aTransshipment(ready)).expectProblem(409);
      expect(problem.type).toBe(problemType('no-consist'));
      expect(problem.errors?.map((e) => e.field)).toEqual(['occurredAt']);
      await staff.getConsist(ready.train.id).expectProblem(404);
      expect((await staff.getTrain(ready.train.id)).trainNumber).toBe(ready.train.trainNumber);
      expect((await staff.timeline(ready.a.id)).items.map((i) => i.type)).not.toContain('TRANSSHIPPED');
    });

    it('refuses a second transshipment at the stop with 409 already-transshipped', async () => {
      const ready = await readyTrain();
      const first = aTransshipment(ready);
      await staff.transship(ready.train.id, first);
      const problem = await staff
        .transship(ready.train.id, aTransshipment(ready, { occurredAt: hoursOn(57) }))
        .expectProblem(409);
      expect(problem.type).toBe(problemType('already-transshipped'));
      expect(problem.errors?.map((e) => e.field)).toEqual(['stationCode']);
      expect((await staff.getTrain(ready.train.id)).trainNumber).toBe(first.trainNumber);
      expect((await staff.getConsist(ready.train.id)).validFrom).toBe(new Date(first.occurredAt).toISOString());
      const timeline = await staff.timeline(ready.a.id);
      expect(timeline.items.filter((i) => i.type === 'TRANSSHIPPED')).toHaveLength(1);
    });

    it('refuses a gauge change dated before one recorded further on with 409 consist-replaced-later', async () => {
      await twoGaugeChangeRoute('ZGZ-MOW-TWICE');
      const ready = await readyTrain(
        [
          ['MNZUU', 52],
          ['RUNKI', 96],
        ],
        { routeCode: 'ZGZ-MOW-TWICE' },
      );
      const atNaushki = aTransshipment(ready, { stationCode: 'RUNKI', occurredAt: hoursOn(100) });
      await staff.transship(ready.train.id, atNaushki);
      const problem = await staff.transship(ready.train.id, aTransshipment(ready)).expectProblem(409);
      expect(problem.type).toBe(problemType('consist-replaced-later'));
      expect(problem.errors?.map((e) => e.field)).toEqual(['occurredAt']);
      expect((await staff.getTrain(ready.train.id)).trainNumber).toBe(atNaushki.trainNumber);
      expect((await staff.getConsist(ready.train.id, hoursOn(60))).validTo).toBe(
        new Date(atNaushki.occurredAt).toISOString(),
      );
      expect((await staff.timeline(ready.a.id)).items.filter((i) => i.type === 'TRANSSHIPPED')).toHaveLength(1);
    });

    it('refuses a second gauge change at the very time of the first with 409 simultaneous-gauge-change', async () => {
      await twoGaugeChangeRoute('ZGZ-MOW-TWICE-AT-ONCE');
      const ready = await readyTrain([['MNZUU', 52]], { routeCode: 'ZGZ-MOW-TWICE-AT-ONCE' });
      const atZamynUud = aTransshipment(ready);
      await staff.transship(ready.train.id, atZamynUud);
      const arrival = { type: 'ARRIVED_AT_STATION' as const, stationCode: 'RUNKI', occurredAt: atZamynUud.occurredAt };
      await staff.recordTrainEvent(ready.train.id, arrival);
      const problem = await staff
        .transship(ready.train.id, aTransshipment(ready, { stationCode: 'RUNKI' }))
        .expectProblem(409);
      expect(problem.type).toBe(problemType('simultaneous-gauge-change'));
      expect(problem.errors?.map((e) => e.field)).toEqual(['occurredAt']);
      expect((await staff.getTrain(ready.train.id)).trainNumber).toBe(atZamynUud.trainNumber);
      expect((await staff.timeline(ready.a.id)).items.filter((i) => i.type === 'TRANSSHIPPED')).toHaveLength(1);
    });

    it('refuses a gauge change after the departure from its stop with 422 event-out-of-order', async () => {
      const ready = await readyTrain();
      await staff.recordTrainEvent(ready.train.id, {
        type: 'DEPARTED_STATION',
        stationCode: 'MNZUU',
        occurredAt: hoursOn(54),
      });
      const problem = await staff.transship(ready.train.id, aTransshipment(ready)).expectProblem(422);
      expect(problem.type).toBe(problemType('event-out-of-order'));
      expect(problem.errors).toEqual([
        {
          field: 'occurredAt',
          message: expect.stringMatching(/^contradicts DEPARTED_STATION at MNZUU .* then departs$/) as unknown,
        },
      ]);
      await expectUntransshipped(ready);
    });

    it('refuses a time before an event at a later stop with 422 event-out-of-order', async () => {
      const ready = await readyTrain([
        ['CNERC', 40],
        ['MNZUU', 52],
        ['MNULN', 70],
      ]);
      const problem = await staff
        .transship(ready.train.id, aTransshipment(ready, { occurredAt: hoursOn(71) }))
        .expectProblem(422);
      expect(problem.type).toBe(problemType('event-out-of-order'));
      expect(problem.errors?.map((e) => e.field)).toEqual(['occurredAt']);
      await expectUntransshipped(ready);
    });

    it('names a container left behind, one new to the train and a wagon of the old gauge (422)', async () => {
      const ready = await readyTrain();
      const stranger = aContainerNumber();
      const { wagons } = broadWagons(ready);
      const problem = await staff
        .transship(
          ready.train.id,
          aTransshipment(ready, {
            wagons: [
              {
                ...wagons[0]!,
                containers: [
                  { number: ready.containers[0], sizeType: '45G1' },
                  { number: stranger, sizeType: '45G1' },
                ],
              },
              wagons[1]!,
              { position: 3, number: aUicWagonNumber(), gauge: 1435, kind: 'flat', capacityTeu: 2 },
            ],
            vehicleMoves: [{ vin: ready.bus, wagonNumber: wagons[1]!.number }],
          }),
        )
        .expectProblem(422);
      expect(problem.type).toBe(problemType('invalid-transshipment'));
      expect(problem.errors).toEqual([
        { field: 'wagons[2].gauge', message: 'must be 1520 mm: the gauge changes at MNZUU to 1520 mm' },
        {
          field: 'wagons[0].containers[1].number',
          message: `container ${stranger} was not on the train before the gauge change`,
        },
        {
          field: 'wagons',
          message: expect.stringContaining(`container ${ready.containers[1]} `) as unknown,
        },
      ]);
      await expectUntransshipped(ready);
    });

    it('names a container put on two wagons and a flat loaded over its capacity (422)', async () => {
      const ready = await readyTrain();
      const { wagons } = broadWagons(ready);
      // Two forty-foot containers (4 TEU) on a 40-foot flat (2 TEU), the first of them on another flat as well.
      const doubled: WagonInput = {
        position: 3,
        number: aBroadGaugeWagonNumber(),
        gauge: 1520,
        kind: 'flat',
        capacityTeu: 2,
        containers: [{ number: ready.containers[0], sizeType: '45G1' }],
      };
      const errors = await invalidTransshipment(ready, {
        wagons: [{ ...wagons[0]!, capacityTeu: 2 }, wagons[1]!, doubled],
        vehicleMoves: [{ vin: ready.bus, wagonNumber: wagons[1]!.number }],
      });
      expect(errors).toEqual([
        { field: 'wagons[0].containers', message: "4 TEU of containers over the flat's capacity of 2 TEU" },
        {
          field: 'wagons[2].containers[0].number',
          message: `container ${ready.containers[0]} is on wagons[0] (wagon ${wagons[0]!.number}) too`,
        },
      ]);
      await expectUntransshipped(ready);
    });

    it('names a container given another size-type than it had (422): it does not change at the border', async () => {
      const ready = await readyTrain();
      const { wagons, carCarrier } = broadWagons(ready);
      // Declared 20-foot, the two forty-foot containers would fit a 2-TEU flat.
      const relabelled: WagonInput = {
        ...wagons[0]!,
        capacityTeu: 2,
        containers: ready.containers.map((number) => ({ number, sizeType: '22G1' })),
      };
      const errors = await invalidTransshipment(ready, {
        wagons: [relabelled, wagons[1]!],
        vehicleMoves: [{ vin: ready.bus, wagonNumber: carCarrier }],
      });
      expect(errors).toEqual(
        ready.containers.map((number, j) => ({
          field: `wagons[0].containers[${j}].sizeType`,
          message: `container ${number} is a 45G1, as the consist before the gauge change has it`,
        })),
      );
      await expectUntransshipped(ready);
    });

    it('names the bus left on no wagon, and each bad move (422)', async () => {
      const ready = await readyTrain();
      const { wagons, flat, carCarrier } = broadWagons(ready);
      const [aCar] = ready.a.vehicles.map((v) => v.vin) as [string];
      const missing = await staff
        .transship(ready.train.id, aTransshipment(ready, { wagons, vehicleMoves: [] }))
        .expectProblem(422);
      expect(missing.errors).toEqual([
        {
          field: 'vehicleMoves',
          message: `${ready.bus} rode car carrier ${ready.carCarrier} and is moved nowhere: give it a move`,
        },
      ]);

      const unknownVin = (await bookedConsignment(api, exporter, 1)).vehicles[0]!.vin;
      const bad = await staff
        .transship(
          ready.train.id,
          aTransshipment(ready, {
            wagons,
            vehicleMoves: [
              { vin: ready.bus, wagonNumber: flat },
              { vin: ready.bus, wagonNumber: carCarrier },
              { vin: unknownVin, wagonNumber: carCarrier },
              { vin: aCar, wagonNumber: carCarrier },
              { vin: ready.bus, containerNumber: aContainerNumber() },
            ],
          }),
        )
        .expectProblem(422);
      expect(bad.type).toBe(problemType('invalid-transshipment'));
      expect(bad.errors?.map((e) => e.field)).toEqual([
        'vehicleMoves[0].wagonNumber',
        'vehicleMoves[1].vin',
        'vehicleMoves[2].vin',
        'vehicleMoves[3].vin',
        'vehicleMoves[4].vin',
        'vehicleMoves[4].containerNumber',
      ]);
      expect(bad.errors![2]!.message).toBe(`${unknownVin} is not on this train`);
      await expectUntransshipped(ready);
    });

    it('refuses a new number that runs that day already with 409 train-number-taken, and a malformed one with 422', async () => {
      const ready = await readyTrain();
      const other = await staff.createTrain(aTrain());
      const taken = await staff
        .transship(ready.train.id, aTransshipment(ready, { trainNumber: other.trainNumber }))
        .expectProblem(409);
      expect(taken.type).toBe(problemType('train-number-taken'));
      await expectUntransshipped(ready);

      const malformed = await staff
        .transship(ready.train.id, aTransshipment(ready, { trainNumber: 'x 1' }))
        .expectProblem(422);
      expect(malformed.errors?.map((e) => e.field)).toEqual(['trainNumber']);
      await expectUntransshipped(ready);
    });

    it('is staff only: an exporter gets 403', async () => {
      const ready = await readyTrain();
      await api.as(exporter).transship(ready.train.id, aTransshipment(ready)).expectProblem(403);
      await expectUntransshipped(ready);
    });
  });

  describe('concurrency', () => {
    /** A transshipment (at 56 h) and a train event at Zamyn-Uud sent at once: both answers. */
    async function racing(ready: ReadyTrain, type: TrainEventInput['type'], hours: number) {
      const input = aTransshipment(ready);
      const [transshipped, recorded] = await Promise.all([
        staff.transship(ready.train.id, input).response,
        staff.recordTrainEvent(ready.train.id, { type, stationCode: 'MNZUU', occurredAt: hoursOn(hours) }).response,
      ]);
      return { input, transshipped, recorded };
    }

    /** The train runs under the new number on the new consist, the gauge change in its place in the timeline. */
    async function expectTransshipped(ready: ReadyTrain, input: TransshipmentInput, after: string[] = []) {
      expect((await staff.getTrain(ready.train.id)).trainNumber).toBe(input.trainNumber);
      expect((await staff.getConsist(ready.train.id)).stationCode).toBe('MNZUU');
      expect((await staff.timeline(ready.a.id)).items.map((i) => i.type)).toEqual([
        'DEPARTED',
        'ARRIVED_AT_STATION',
        'ARRIVED_AT_STATION',
        'TRANSSHIPPED',
        ...after,
      ]);
    }

    it('takes one of two transshipments sent at once (201) and refuses the other with 409', async () => {
      const ready = await readyTrain();
      const inputs = [aTransshipment(ready), aTransshipment(ready)];
      const responses = await Promise.all(inputs.map((input) => staff.transship(ready.train.id, input).response));
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
      const winner = inputs[responses.findIndex((r) => r.status === 201)]!;
      expect((await staff.getTrain(ready.train.id)).trainNumber).toBe(winner.trainNumber);
      expect((await staff.getConsist(ready.train.id)).wagons.map((w) => w.number)).toEqual(
        winner.wagons.map((w) => w.number),
      );
      const timeline = await staff.timeline(ready.a.id);
      expect(timeline.items.filter((i) => i.type === 'TRANSSHIPPED')).toHaveLength(1);
      const feed = (await updateFeed(api, operator)).filter(isTransshipped);
      expect(feed.filter((e) => e.data.trainId === ready.train.id)).toHaveLength(2);
    });

    it('applies a departure from the stop racing the transshipment in either order: same end state', async () => {
      const ready = await readyTrain();
      const { input, transshipped, recorded: departed } = await racing(ready, 'DEPARTED_STATION', 60);
      expect([transshipped.status, departed.status]).toEqual([201, 201]);
      await expectTransshipped(ready, input, ['DEPARTED_STATION']);
      expect(await staff.getTrain(ready.train.id)).toMatchObject({ currentStationCode: 'MNZUU', status: 'departed' });
    });

    it('with a late arrival at the stop racing it: transshipped after the arrival, or refused and then accepted', async () => {
      const ready = await readyTrain([['CNERC', 40]]);
      const { input, transshipped, recorded: arrived } = await racing(ready, 'ARRIVED_AT_STATION', 52);
      expect(arrived.status).toBe(201);
      expect([201, 409]).toContain(transshipped.status);
      if (transshipped.status === 409) {
        // Refused first: nothing of it stored; sent again after the arrival, it is taken.
        expect(((await transshipped.json()) as { type: string }).type).toBe(problemType('not-arrived-at-station'));
        expect(await staff.getConsist(ready.train.id)).toEqual(ready.consist);
        await staff.transship(ready.train.id, input);
      }
      await expectTransshipped(ready, input);
    });
  });
});
