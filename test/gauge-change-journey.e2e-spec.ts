import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type {
  Consignment,
  Consist,
  Train,
  TrainEventInput,
  TransshippedEvent,
  UpdateEvent,
  WagonInput,
} from './support/api-types.js';
import {
  aBroadGaugeWagonNumber,
  aConsignment,
  aContainerNumber,
  aTrain,
  aUicWagonNumber,
  PLANNED_DEPARTURE,
} from './support/factories.js';
import { eventually } from './support/eventually.js';
import { openStream, type SseClient } from './support/sse.js';
import { updateFeed } from './support/status-feed.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { startReceiver, type WebhookReceiver } from './support/webhook-receiver.js';
import { startWorker, type WorkerProcess } from './support/worker-process.js';

const WORKER_ENV = { ALLOW_HTTP_WEBHOOKS: 'true', ALLOW_PRIVATE_WEBHOOKS: 'true', WEBHOOK_RETRY_SECONDS: '0.2' };

/** Hours after the planned departure from Zhengzhou (ZGZ-MOW-ERC: Zamyn-Uud at 52 h, Moscow at 300 h). */
const at = (hours: number) => new Date(Date.parse(PLANNED_DEPARTURE) + hours * 3_600_000).toISOString();
const isTransshipped = (event: UpdateEvent): event is TransshippedEvent => event.type === 'consignment.transshipped';

/** `count` distinct values of `make`. */
const distinct = (count: number, make: () => string): string[] => {
  const values = new Set<string>();
  while (values.size < count) values.add(make());
  return [...values];
};

/**
 * The whole trip of a full train over the gauge change, as staff record it and as exporters and their
 * systems see it: 50 flats with 100 twenty-foot containers (300 vehicles of three exporters, one container
 * shared by two of them) and 2 JSQ car carriers (16 cars), transshipped at Zamyn-Uud onto 25 broad-gauge
 * 80-foot flats and 2 broad-gauge car carriers under the number 8702, then on to Moscow.
 */
describe('a train across the gauge change, from Zhengzhou to Moscow', () => {
  let api: TestApp;
  let staff: ApiClient;
  let operator: Actor;
  const exporters: Actor[] = [];
  let stranger: Actor;
  let receiver: WebhookReceiver;
  let worker: WorkerProcess;
  const streams: SseClient[] = [];

  let train: Train;
  /** Consignments by exporter: two of 50 vehicles each, and exporter 0's cars on the car carriers. */
  const consignments: Consignment[][] = [[], [], []];
  let carCarrierCars: Consignment;
  let containers: string[];
  let origin: Consist;
  let transshipmentTime: string;
  let broad: WagonInput[];

  beforeAll(async () => {
    api = await startTestApp(WORKER_ENV);
    operator = await createActor(api, 'operator');
    for (let i = 0; i < 3; i++) exporters.push(await createActor(api, 'exporter'));
    stranger = await createActor(api, 'exporter');
    staff = api.as(operator);
    receiver = await startReceiver();
    const hook = await api.as(exporters[0]).createWebhook({ url: receiver.url, events: ['consignment.transshipped'] });
    receiver.setSecret(hook.secret);
    worker = startWorker(api.database.url, WORKER_ENV);
  }, 60_000);
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await worker.stop();
    await receiver.close();
    await api.close();
  });

  it('is planned with its consist and loaded: every view agrees on each vehicle’s wagon', async () => {
    train = await staff.createTrain(aTrain());
    containers = distinct(100, aContainerNumber);
    const uic = distinct(52, aUicWagonNumber);
    const wagons: WagonInput[] = [
      ...Array.from({ length: 50 }, (_, i) => ({
        position: i + 1,
        number: uic[i]!,
        gauge: 1435 as const,
        kind: 'flat' as const,
        capacityTeu: 2 as const,
        containers: containers.slice(2 * i, 2 * i + 2).map((number) => ({ number, sizeType: '22G1' })),
      })),
      { position: 51, number: uic[50]!, gauge: 1435, kind: 'car_carrier' },
      { position: 52, number: uic[51]!, gauge: 1435, kind: 'car_carrier' },
    ];
    origin = await staff.putConsist(train.id, { wagons });
    expect(origin).toMatchObject({ trainId: train.id, stationCode: 'CNZGZ', validFrom: null, validTo: null });
    expect(origin.wagons).toHaveLength(52);

    for (const [e, exporter] of exporters.entries()) {
      for (let c = 0; c < 2; c++) consignments[e]!.push(await api.as(exporter).bookConsignment(aConsignment(50)));
    }
    carCarrierCars = await api.as(exporters[0]).bookConsignment(aConsignment(16));
    // Three vehicles a container, exporter by exporter: container 33 takes exporter 0's last and two of exporter 1's.
    const vins = consignments.flat().flatMap((c) => c.vehicles.map((v) => v.vin));
    for (const [i, number] of containers.entries()) {
      await staff.load(train.id, { unit: { kind: 'container', number }, vins: vins.slice(3 * i, 3 * i + 3) });
    }
    const cars = carCarrierCars.vehicles.map((v) => v.vin);
    await staff.load(train.id, { unit: { kind: 'wagon', number: uic[50]! }, vins: cars.slice(0, 8) });
    await staff.load(train.id, { unit: { kind: 'wagon', number: uic[51]! }, vins: cars.slice(8) });

    expect((await staff.getTrain(train.id)).vehicleCount).toBe(316);
    const shared = await staff.getContainer(containers[33]!);
    expect(shared).toMatchObject({ trainId: train.id, sizeType: '22G1', wagon: { number: uic[16], gauge: 1435 } });
    for (const { vin } of shared.vehicles) {
      expect((await staff.getVehicle(vin)).wagon).toEqual({ number: uic[16], gauge: 1435 });
    }
    const onCarrier = await staff.getVehicle(cars[0]!);
    expect(onCarrier.unit).toEqual({ kind: 'wagon', number: uic[50] });
    expect(onCarrier.wagon).toEqual({ number: uic[50], gauge: 1435 });
  });

  it('departs, reaches Zamyn-Uud and is transshipped onto 1520 mm wagons under a new number', async () => {
    const record = (type: TrainEventInput['type'], stationCode: string, hours: number) =>
      staff.recordTrainEvent(train.id, { type, stationCode, occurredAt: at(hours) });
    await record('DEPARTED', 'CNZGZ', 0);
    await record('ARRIVED_AT_STATION', 'CNERC', 40);
    await record('BORDER_CROSSED', 'CNERC', 43);
    await record('ARRIVED_AT_STATION', 'MNZUU', 52);
    const streamOf = async (who: Actor) => {
      const stream = await openStream(`${api.baseUrl}/api/v1/events/stream`, who.token);
      streams.push(stream);
      return stream;
    };
    const [allStream, firstStream] = [await streamOf(operator), await streamOf(exporters[0]!)];

    // 25 eighty-foot flats take four containers each (in another order); two broad-gauge car carriers the cars.
    const numbers = distinct(27, aBroadGaugeWagonNumber);
    const reordered = [...containers].reverse();
    broad = [
      ...Array.from({ length: 25 }, (_, i) => ({
        position: i + 1,
        number: numbers[i]!,
        gauge: 1520 as const,
        kind: 'flat' as const,
        capacityTeu: 4 as const,
        containers: reordered.slice(4 * i, 4 * i + 4).map((number) => ({ number, sizeType: '22G1' })),
      })),
      { position: 26, number: numbers[25]!, gauge: 1520, kind: 'car_carrier' },
      { position: 27, number: numbers[26]!, gauge: 1520, kind: 'car_carrier' },
    ];
    transshipmentTime = at(56);
    const done = await staff
      .transship(train.id, {
        stationCode: 'MNZUU',
        occurredAt: transshipmentTime,
        trainNumber: '8702',
        wagons: broad,
        vehicleMoves: carCarrierCars.vehicles.map((v, i) => ({ vin: v.vin, wagonNumber: numbers[i < 8 ? 26 : 25]! })),
      })
      .expectStatus(201);
    expect(done).toMatchObject({
      trainId: train.id,
      stationCode: 'MNZUU',
      fromTrainNumber: train.trainNumber,
      trainNumber: '8702',
      containersMoved: 100,
      vehiclesMoved: 316,
    });

    // Every consignment had vehicles change wagon: one consignment.transshipped each, in the feed, the
    // stream and (exporter 0's) the webhook receiver — exactly one, however the worker and streams run.
    const all = [...consignments.flat(), carCarrierCars];
    const announced = (await updateFeed(api, operator)).filter(isTransshipped);
    expect(announced.map((e) => e.data.consignmentId).sort()).toEqual(all.map((c) => c.id).sort());
    const carsMoved = announced.find((e) => e.data.consignmentId === carCarrierCars.id)!.data;
    expect({ ...carsMoved, vins: [...carsMoved.vins].sort() }).toEqual({
      consignmentId: carCarrierCars.id,
      waybillNumber: carCarrierCars.waybillNumber,
      exporterId: exporters[0]!.organizationId,
      trainId: train.id,
      trainNumber: '8702',
      stationCode: 'MNZUU',
      vehiclesMoved: 16,
      vins: carCarrierCars.vehicles.map((v) => v.vin).sort(),
    });
    // Every vehicle changed wagon: each consignment names all of its own.
    for (const event of announced) {
      const consignment = all.find((c) => c.id === event.data.consignmentId)!;
      expect(event.occurredAt).toBe(transshipmentTime);
      expect(event.data.vehiclesMoved).toBe(consignment.vehicles.length);
      expect([...event.data.vins].sort()).toEqual(consignment.vehicles.map((v) => v.vin).sort());
    }
    const firstsOwn = announced.filter((e) => e.data.exporterId === exporters[0]!.organizationId);
    expect(firstsOwn).toHaveLength(3);
    expect((await updateFeed(api, exporters[0])).filter(isTransshipped)).toEqual(firstsOwn);

    const transshippedIn = (stream: SseClient) =>
      stream.events.filter((e) => e.event === 'consignment.transshipped').map((e) => e.data);
    await eventually(() => Promise.resolve(transshippedIn(allStream).length >= announced.length), 10_000);
    await eventually(() => Promise.resolve(transshippedIn(firstStream).length >= firstsOwn.length), 10_000);
    await receiver.waitFor(() => receiver.accepted.length >= firstsOwn.length);
    // Let anything that would come twice arrive before counting.
    await new Promise((done) => setTimeout(done, 1500));
    expect(transshippedIn(allStream)).toEqual(announced);
    expect(transshippedIn(firstStream)).toEqual(firstsOwn);
    // Deliveries may overlap, so they may arrive in another order than the feed's: compared by id.
    const byId = <T extends { id: string }>(events: T[]) => [...events].sort((x, y) => x.id.localeCompare(y.id));
    expect(byId(receiver.accepted.map((r) => r.body))).toEqual(byId(firstsOwn));
  });

  it('shows the broad-gauge consist now and the standard-gauge one at any time before, and both numbers find the train', async () => {
    const now = await staff.getConsist(train.id);
    expect(now).toMatchObject({ trainNumber: '8702', stationCode: 'MNZUU', validFrom: transshipmentTime });
    expect(now.wagons.map((w) => [w.number, w.gauge, w.containers.map((c) => c.number).sort()])).toEqual(
      broad.map((w) => [w.number, 1520, w.containers?.map((c) => c.number).sort() ?? []]),
    );
    const before = await staff.getConsist(train.id, at(55.5));
    expect(before).toEqual({ ...origin, validTo: transshipmentTime });
    expect(await staff.getConsist(train.id, transshipmentTime)).toEqual(now);

    for (const number of [train.trainNumber, '8702']) {
      expect((await staff.listTrains({ trainNumber: number })).items.map((t) => t.id)).toEqual([train.id]);
    }
  });

  it('keeps container, vehicle and consist views in agreement after the gauge change', async () => {
    const now = await staff.getConsist(train.id);
    const wagonOf = new Map(now.wagons.flatMap((w) => w.containers.map((c) => [c.number, w.number] as const)));
    for (const number of [containers[0]!, containers[33]!, containers[99]!]) {
      const container = await staff.getContainer(number);
      expect(container.trainNumber).toBe('8702');
      expect(container.wagon).toEqual({ number: wagonOf.get(number), gauge: 1520 });
      expect(container.history).toEqual([
        {
          trainId: train.id,
          stationCode: 'CNZGZ',
          wagonNumber: origin.wagons.find((w) => w.containers.some((c) => c.number === number))!.number,
          from: null,
          to: transshipmentTime,
        },
        {
          trainId: train.id,
          stationCode: 'MNZUU',
          wagonNumber: wagonOf.get(number),
          from: transshipmentTime,
          to: null,
        },
      ]);
      for (const { vin } of container.vehicles) {
        const vehicle = await staff.getVehicle(vin);
        expect(vehicle.unit).toEqual({ kind: 'container', number });
        expect(vehicle.wagon).toEqual(container.wagon);
      }
    }
    const moved = await staff.getConsignment(carCarrierCars.id);
    expect(new Set(moved.vehicles.map((v) => v.wagon?.number))).toEqual(
      new Set([broad[25]!.number, broad[26]!.number]),
    );
    expect(moved.vehicles.every((v) => v.unit?.kind === 'wagon' && v.wagon?.gauge === 1520)).toBe(true);
    // The consignment document and the consist agree vehicle by vehicle.
    const document = await staff.getConsignment(consignments[1]![0]!.id);
    for (const vehicle of document.vehicles) expect(vehicle.wagon?.number).toBe(wagonOf.get(vehicle.unit!.number));
    // The timeline has the move, with the station's name and the numbers.
    const timeline = await api.as(exporters[1]).timeline(document.id);
    const item = timeline.items.find((i) => i.type === 'TRANSSHIPPED')!;
    expect(item).toMatchObject({ stationCode: 'MNZUU', occurredAt: transshipmentTime, source: 'train' });
    expect(item.note).toMatch(/100 containers from 1435 mm to 1520 mm wagons, train now 8702$/);
  });

  it('shows each exporter only its own vehicles in a shared container, and others nothing', async () => {
    // Container 33 holds the last vehicle of exporter 0's second consignment and two of exporter 1's first.
    const number = containers[33]!;
    const everything = await staff.getContainer(number);
    const owners = new Map(consignments.flatMap((list, e) => list.map((c) => [c.id, e] as const)));
    const byExporter = (e: number) => everything.vehicles.filter((v) => owners.get(v.consignmentId) === e);
    expect(byExporter(0)).toHaveLength(1);
    expect(byExporter(1)).toHaveLength(2);
    for (const e of [0, 1]) {
      const seen = await api.as(exporters[e]).getContainer(number);
      expect(seen.vehicles).toEqual(byExporter(e));
      expect(seen.wagon).toEqual(everything.wagon);
      expect(seen.history).toEqual(everything.history);
    }
    await api.as(exporters[2]).getContainer(number).expectProblem(404);
    await api.as(stranger).getContainer(number).expectProblem(404);
    expect((await api.as(exporters[2]).listConsignments({ containerNumber: number })).items).toEqual([]);
    expect((await api.as(exporters[1]).listConsignments({ containerNumber: number })).items.map((c) => c.id)).toEqual([
      consignments[1]![0]!.id,
    ]);
  });

  it('runs on to Moscow; the border dwell is measured and the vehicles arrive on their broad-gauge wagons', async () => {
    const record = (type: TrainEventInput['type'], stationCode: string, hours: number) =>
      staff.recordTrainEvent(train.id, { type, stationCode, occurredAt: at(hours) });
    await record('DEPARTED_STATION', 'MNZUU', 60);
    await record('ARRIVED_AT_STATION', 'RUNKI', 97);
    await record('ARRIVED', 'RUMOW', 302);

    const arrived = await staff.getTrain(train.id);
    expect(arrived).toMatchObject({ status: 'arrived', trainNumber: '8702', currentStationCode: 'RUMOW' });
    expect(arrived.borderDwell).toEqual([{ stationCode: 'MNZUU', arrivedAt: at(40), departedAt: at(60), hours: 20 }]);
    const container = await staff.getContainer(containers[50]!);
    expect(container.wagon?.gauge).toBe(1520);
    const vehicle = await api.as(exporters[1]).getVehicle(container.vehicles[0]!.vin);
    expect(vehicle).toMatchObject({ status: 'arrived', wagon: container.wagon });
    expect((await staff.getConsist(train.id)).validFrom).toBe(transshipmentTime);
  });
});
