import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import { aConsignment, aContainerNumber, aDeparture, aTrain, aUicWagonNumber } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const lower = (identifier: string) => identifier.toLowerCase();

describe('identifiers are matched case-insensitively (upper-cased on input)', () => {
  let api: TestApp;
  let operator: ApiClient;
  let exporter: Actor;
  let exporterClient: ApiClient;

  /** A consignment of `vehicles` vehicles booked with its waybill and VINs in lower case. */
  const bookLowerCase = async (vehicles: number) => {
    const input = aConsignment(vehicles);
    const booked = await exporterClient.bookConsignment({
      ...input,
      waybillNumber: lower(input.waybillNumber),
      vehicles: input.vehicles.map((vehicle) => ({ ...vehicle, vin: lower(vehicle.vin) })),
    });
    return { input, booked, vins: input.vehicles.map((vehicle) => vehicle.vin) };
  };

  beforeAll(async () => {
    api = await startTestApp();
    operator = api.as(await createActor(api, 'operator'));
    exporter = await createActor(api, 'exporter');
    exporterClient = api.as(exporter);
  });
  afterAll(() => api.close());

  it('stores a booking upper-case, and finds it by a lower-case VIN and waybill', async () => {
    const { input, booked, vins } = await bookLowerCase(2);
    expect(booked.waybillNumber).toBe(input.waybillNumber);
    // Upper-cased, in booking order.
    expect(booked.vehicles.map((vehicle) => vehicle.vin)).toEqual(vins);

    const vehicle = await exporterClient.getVehicle(lower(vins[0]!));
    expect(vehicle).toEqual(expect.objectContaining({ vin: vins[0], consignmentId: booked.id }));

    const byWaybill = await exporterClient.listConsignments({ waybillNumber: lower(input.waybillNumber) });
    expect(byWaybill.items.map((consignment) => consignment.id)).toEqual([booked.id]);
    // Exactly: a prefix of the waybill finds nothing.
    const byPrefix = await exporterClient.listConsignments({ waybillNumber: lower(input.waybillNumber).slice(0, -1) });
    expect(byPrefix.items).toEqual([]);

    // The same waybill or VIN in another case is the same one: a conflict, not a second booking.
    const again = aConsignment(1, { waybillNumber: input.waybillNumber });
    await exporterClient.bookConsignment(again).expectStatus(409);
  });

  it('loads by a lower-case container number and VINs, stores the unit upper-case, and unloads by a lower-case VIN', async () => {
    const { booked, vins } = await bookLowerCase(3);
    const train = await operator.createTrain(aTrain());
    const container = aContainerNumber();

    const loading = await operator
      .load(train.id, { unit: { kind: 'container', number: lower(container) }, vins: vins.map(lower) })
      .expectStatus(201);
    expect(loading).toEqual({ trainId: train.id, unit: { kind: 'container', number: container }, loaded: vins });
    const loaded = await operator.getConsignment(booked.id);
    expect(loaded.vehicles.map((vehicle) => vehicle.unit)).toEqual(
      vins.map(() => ({ kind: 'container', number: container })),
    );

    await operator.unload(train.id, lower(vins[2]!)).expectStatus(204);
    expect((await operator.getVehicle(vins[2]!)).status).toBe('booked');
    expect((await operator.getVehicle(vins[0]!)).status).toBe('loaded');

    // A wagon number has no letters, but a lower-case VIN loaded on it is found as well.
    const onWagon = await operator.load(train.id, {
      unit: { kind: 'wagon', number: aUicWagonNumber() },
      vins: [lower(vins[2]!)],
    });
    expect(onWagon.loaded).toEqual([vins[2]]);
  });

  it('refuses a VIN named twice in different cases in one loading', async () => {
    const { vins } = await bookLowerCase(1);
    const train = await operator.createTrain(aTrain());
    const problem = await operator
      .load(train.id, { unit: { kind: 'container', number: aContainerNumber() }, vins: [vins[0]!, lower(vins[0]!)] })
      .expectProblem(422);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'vins', message: 'must not repeat a VIN' })]);
  });

  it('accepts a consignment event naming a lower-case VIN', async () => {
    const { booked, vins } = await bookLowerCase(1);
    const train = await operator.createTrain(aTrain());
    await operator.load(train.id, { unit: { kind: 'container', number: aContainerNumber() }, vins });
    await operator.recordTrainEvent(train.id, aDeparture());

    const event = await operator
      .recordConsignmentEvent(booked.id, {
        type: 'DAMAGE_REPORTED',
        stationCode: 'CNZGZ',
        occurredAt: '2024-03-20T10:00:00+08:00',
        note: 'scratch on the rear bumper',
        vin: lower(vins[0]!),
      })
      .expectStatus(201);
    expect(event.vin).toBe(vins[0]);
  });
});
