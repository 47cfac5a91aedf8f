import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { Consist, ConsistInput, OtherTrainProblem, Train, WagonInput } from './support/api-types.js';
import { aContainer, aContainerNumber, aDeparture, aTrain, aUicWagonNumber, aWagon } from './support/factories.js';
import { bookedConsignment } from './support/scenarios.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const problemType = (slug: string) => `https://landbridge.dev/problems/${slug}`;

/** A 40-foot flat at `position` carrying these containers (a 40-foot one by default). */
const aFlat = (position: number, containers = [{ number: aContainerNumber(), sizeType: '45G1' }]): WagonInput => ({
  position,
  number: aUicWagonNumber(),
  gauge: 1435,
  kind: 'flat',
  capacityTeu: 2,
  containers,
});
const aCarCarrier = (position: number): WagonInput => ({
  position,
  number: aUicWagonNumber(),
  gauge: 1435,
  kind: 'car_carrier',
});

/** The consist as the API lists it: wagons by position, each with a capacity and its containers by number. */
const listed = (train: Train, input: ConsistInput, version = 1): Consist => ({
  trainId: train.id,
  trainNumber: train.trainNumber,
  stationCode: 'CNZGZ',
  validFrom: null,
  validTo: null,
  version,
  wagons: [...input.wagons]
    .sort((a, b) => a.position - b.position)
    .map((wagon) => ({
      position: wagon.position,
      number: wagon.number,
      gauge: wagon.gauge,
      kind: wagon.kind,
      capacityTeu: wagon.capacityTeu ?? null,
      containers: [...(wagon.containers ?? [])].sort((a, b) => a.number.localeCompare(b.number)),
    })),
});

describe('the consist of a train, and loadings against it', () => {
  let api: TestApp;
  let operator: Actor;
  let exporter: Actor;
  let staff: ApiClient;

  beforeAll(async () => {
    api = await startTestApp();
    [operator, exporter] = await Promise.all([createActor(api, 'operator'), createActor(api, 'exporter')]);
    staff = api.as(operator);
  });
  afterAll(() => api.close());

  const newTrain = () => staff.createTrain(aTrain());
  const vinsOf = async (count: number) =>
    (await bookedConsignment(api, exporter, count)).vehicles.map((vehicle) => vehicle.vin);
  const etagOf = async (call: { response: Promise<Response> }) => (await call.response).headers.get('etag');

  describe('PUT and GET /trains/:id/consist', () => {
    it('sets the consist formed at the origin and reads it back, at any time, with its version as ETag', async () => {
      const train = await newTrain();
      const input: ConsistInput = {
        wagons: [
          aCarCarrier(3),
          aFlat(1),
          aFlat(2, [
            { number: aContainerNumber(), sizeType: '22G1' },
            { number: aContainerNumber(), sizeType: '22G1' },
          ]),
        ],
      };

      const put = staff.putConsist(train.id, input, { ifMatch: '"0"' });
      expect(await put).toEqual(listed(train, input));
      expect(await etagOf(put)).toBe('"1"');

      const get = staff.getConsist(train.id);
      expect(await get).toEqual(listed(train, input));
      expect(await etagOf(get)).toBe('"1"');
      expect(await staff.getConsist(train.id, '2000-01-01T00:00:00Z')).toEqual(listed(train, input));
    });

    it('replaces the wagons as the next version, and refuses a stale If-Match with 412, changing nothing', async () => {
      const train = await newTrain();
      await staff.putConsist(train.id, { wagons: [aFlat(1)] });
      const second: ConsistInput = { wagons: [aFlat(1), aFlat(2)] };
      expect(await staff.putConsist(train.id, second, { ifMatch: '"1"' })).toEqual(listed(train, second, 2));

      await staff.putConsist(train.id, { wagons: [aFlat(1)] }, { ifMatch: '"1"' }).expectProblem(412);
      expect(await staff.getConsist(train.id)).toEqual(listed(train, second, 2));

      const fresh = await newTrain();
      await staff.putConsist(fresh.id, { wagons: [aFlat(1)] }, { ifMatch: '"1"' }).expectProblem(412);
      expect((await staff.getConsist(fresh.id).expectProblem(404)).type).toBe(problemType('no-consist'));
    });

    it('answers 404 no-consist for a train without one, and 404 for an unknown train', async () => {
      const train = await newTrain();
      const none = await staff.getConsist(train.id).expectProblem(404);
      expect(none.type).toBe(problemType('no-consist'));
      const unknown = await staff.getConsist('6b1d4e3a-9c5f-4d2b-8a6e-8f100c8e2a4f').expectProblem(404);
      expect(unknown.type).toBe(problemType('not-found'));
    });

    it('refuses with 409 consist-fixed once the train has departed, and keeps the consist', async () => {
      const train = await newTrain();
      const input: ConsistInput = { wagons: [aFlat(1)] };
      await staff.putConsist(train.id, input);
      const vins = await vinsOf(1);
      await staff.load(train.id, {
        unit: { kind: 'container', number: input.wagons[0]!.containers![0]!.number },
        vins,
      });
      await staff.recordTrainEvent(train.id, aDeparture());

      const problem = await staff.putConsist(train.id, { wagons: [aFlat(1), aFlat(2)] }).expectProblem(409);
      expect(problem.type).toBe(problemType('consist-fixed'));
      expect(problem.detail).toContain(train.trainNumber);
      expect(await staff.getConsist(train.id)).toEqual(listed(train, input));
    });

    it('refuses a consist breaking the rules with 422 invalid-consist naming each field, storing nothing', async () => {
      const train = await newTrain();
      const twice = aContainerNumber();
      const broad: WagonInput = { ...aFlat(2), gauge: 1520, number: '12345674' };
      const problem = await staff
        .putConsist(train.id, {
          wagons: [
            aFlat(1, [{ number: twice, sizeType: '45G1' }]),
            broad,
            aFlat(3, [
              { number: aContainerNumber(), sizeType: '45G1' },
              { number: aContainerNumber(), sizeType: '22G1' },
            ]),
            { ...aCarCarrier(4), containers: [{ number: aContainerNumber(), sizeType: '22G1' }] },
            aFlat(5, [{ number: twice, sizeType: '42G1' }]),
          ],
        })
        .expectProblem(422);

      expect(problem.type).toBe(problemType('invalid-consist'));
      expect(problem.errors).toEqual([
        { field: 'wagons[1].gauge', message: 'must be 1435 mm: the origin CNZGZ is 1435 mm' },
        { field: 'wagons[2].containers', message: "3 TEU of containers over the flat's capacity of 2 TEU" },
        { field: 'wagons[3].containers', message: 'a car carrier carries vehicles, not containers' },
        { field: 'wagons[4].containers[0].number', message: expect.stringContaining(`container ${twice} is on`) },
      ]);
      expect((await staff.getConsist(train.id).expectProblem(404)).type).toBe(problemType('no-consist'));
    });

    it('refuses with 409 a container on the consist of another train that has not arrived, naming it', async () => {
      const [first, second] = [await newTrain(), await newTrain()];
      const container = aContainerNumber();
      await staff.putConsist(first.id, { wagons: [aFlat(1, [{ number: container, sizeType: '45G1' }])] });

      const problem = (await staff
        .putConsist(second.id, { wagons: [aFlat(1), aFlat(2, [{ number: container, sizeType: '45G1' }])] })
        .expectProblem(409)) as OtherTrainProblem;

      expect(problem.type).toBe(problemType('container-on-other-train'));
      expect(problem.errors).toEqual([
        { field: 'wagons[1].containers[0].number', message: `on train ${first.trainNumber} (id ${first.id})` },
      ]);
      expect(problem).toMatchObject({ trainId: first.id, trainNumber: first.trainNumber });
      expect((await staff.getConsist(second.id).expectProblem(404)).type).toBe(problemType('no-consist'));

      // Once the first train is cancelled, the container is free.
      await staff.updateTrain(first.id, { status: 'cancelled' });
      await staff.putConsist(second.id, { wagons: [aFlat(1, [{ number: container, sizeType: '45G1' }])] });
    });

    it('lets only one of two trains claim a container at once: the other gets 409', async () => {
      const [first, second] = [await newTrain(), await newTrain()];
      const container = aContainerNumber();
      const answers = await Promise.all(
        [first, second].map(
          (train) =>
            staff.putConsist(train.id, { wagons: [aFlat(1, [{ number: container, sizeType: '45G1' }])] }).response,
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    });

    it('keeps every unit holding loaded vehicles: 422 naming a container left off and a car carrier made a flat', async () => {
      const train = await newTrain();
      const carrier = aCarCarrier(2);
      const input: ConsistInput = { wagons: [aFlat(1), carrier] };
      await staff.putConsist(train.id, input);
      const container = input.wagons[0]!.containers![0]!.number;
      const [inContainer, onCarrier] = [await vinsOf(2), await vinsOf(1)];
      await staff.load(train.id, { unit: { kind: 'container', number: container }, vins: inContainer });
      await staff.load(train.id, { unit: { kind: 'wagon', number: carrier.number }, vins: onCarrier });

      const problem = await staff
        .putConsist(train.id, { wagons: [aFlat(1), { ...carrier, kind: 'flat', capacityTeu: 2, containers: [] }] })
        .expectProblem(422);
      expect(problem.type).toBe(problemType('loaded-unit-left-off'));
      expect(problem.errors).toEqual([
        {
          field: 'wagons',
          message: `container ${container} holds 2 loaded vehicle(s): keep it on the consist, or unload them first`,
        },
        {
          field: 'wagons[1].kind',
          message: `wagon ${carrier.number} carries 1 loaded vehicle(s): it must be a car_carrier`,
        },
      ]);
      expect(await staff.getConsist(train.id)).toEqual(listed(train, input));

      // Moved to another flat, the container stays on the train: accepted.
      const moved: ConsistInput = {
        wagons: [aFlat(1), aFlat(2, [{ number: container, sizeType: '45G1' }]), { ...carrier, position: 3 }],
      };
      expect(await staff.putConsist(train.id, moved)).toEqual(listed(train, moved, 2));
    });
  });

  describe('loadings against the consist', () => {
    it('loads only into a container of the consist or onto a car carrier of it, else 422 on unit.number', async () => {
      const train = await newTrain();
      const flat = aFlat(1);
      await staff.putConsist(train.id, { wagons: [flat, aCarCarrier(2)] });
      const vins = await vinsOf(1);

      const refusals: [Parameters<ApiClient['load']>[1]['unit'], string][] = [
        [aContainer(), 'is not on train'],
        [aWagon(), 'is not on train'],
        [{ kind: 'wagon', number: flat.number }, 'is a flat of train'],
      ];
      for (const [unit, message] of refusals) {
        const problem = await staff.load(train.id, { unit, vins }).expectProblem(422);
        expect(problem.type).toBe(problemType('unit-not-on-consist'));
        expect(problem.errors).toEqual([{ field: 'unit.number', message: expect.stringContaining(message) }]);
      }
      // Nothing loaded: the vehicle is booked in no unit, the train still planned and empty.
      expect(await staff.getVehicle(vins[0]!)).toMatchObject({ status: 'booked', unit: null, train: null });
      expect(await staff.getTrain(train.id)).toMatchObject({ status: 'planned', vehicleCount: 0 });
    });

    it('still loads a train without a consist into any container or onto any wagon, on no wagon', async () => {
      const train = await newTrain();
      const [first, second] = [await vinsOf(1), await vinsOf(1)];
      await staff.load(train.id, { unit: aContainer(), vins: first });
      await staff.load(train.id, { unit: aWagon(), vins: second });
      expect(await staff.getTrain(train.id)).toMatchObject({ status: 'loading', vehicleCount: 2 });
      expect(await staff.getVehicle(first[0]!)).toMatchObject({ wagon: null, unit: expect.anything() });
    });
  });

  describe('the wagon a vehicle rides on', () => {
    it('is its container’s flat or its car carrier, follows a new consist, and is gone once unloaded', async () => {
      const train = await newTrain();
      const consignment = await bookedConsignment(api, exporter, 3);
      const [inContainer, onCarrier, unloaded] = consignment.vehicles.map((vehicle) => vehicle.vin) as [
        string,
        string,
        string,
      ];
      // Loaded before the train has a consist: on no wagon until it gets one.
      const container = aContainerNumber();
      await staff.load(train.id, { unit: { kind: 'container', number: container }, vins: [inContainer, unloaded] });
      expect(await staff.getVehicle(inContainer)).toMatchObject({ wagon: null });

      const flat = aFlat(1, [{ number: container, sizeType: '45G1' }]);
      const carrier = aCarCarrier(2);
      await staff.putConsist(train.id, { wagons: [flat, carrier] });
      await staff.load(train.id, { unit: { kind: 'wagon', number: carrier.number }, vins: [onCarrier] });
      await staff.unload(train.id, unloaded);

      const wagons = async () =>
        Object.fromEntries(
          (await api.as(exporter).getConsignment(consignment.id)).vehicles.map((v) => [v.vin, v.wagon]),
        );
      expect(await wagons()).toEqual({
        [inContainer]: { number: flat.number, gauge: 1435 },
        [onCarrier]: { number: carrier.number, gauge: 1435 },
        [unloaded]: null,
      });
      expect(await api.as(exporter).getVehicle(inContainer)).toMatchObject({
        unit: { kind: 'container', number: container },
        wagon: { number: flat.number, gauge: 1435 },
      });

      // The container moves to another flat: its vehicle moves with it.
      const other = aFlat(3, [{ number: container, sizeType: '45G1' }]);
      await staff.putConsist(train.id, { wagons: [aFlat(1), carrier, other] });
      expect((await staff.getVehicle(inContainer)).wagon).toEqual({ number: other.number, gauge: 1435 });

      // Cancelled, the train carries nothing: no unit, no wagon.
      await staff.updateTrain(train.id, { status: 'cancelled' });
      expect(await wagons()).toEqual({ [inContainer]: null, [onCarrier]: null, [unloaded]: null });
    });
  });

  describe('GET /containers/:number, and the filters by container and train number', () => {
    let exporterB: Actor;
    let stranger: Actor;
    let container: string;
    let earlier: Train;
    let later: Train;
    let laterWagon: string;
    let a: { consignmentId: string; vins: string[] };
    let b: { consignmentId: string; vins: string[] };
    let bEarlier: string;

    beforeAll(async () => {
      [exporterB, stranger] = await Promise.all([createActor(api, 'exporter'), createActor(api, 'exporter')]);
      container = aContainerNumber();
      // An earlier trip, cancelled: B's vehicle was loaded in the container on it.
      earlier = await staff.createTrain(aTrain({ plannedDepartureAt: '2024-03-10T09:30:00+08:00' }));
      await staff.putConsist(earlier.id, { wagons: [aFlat(1, [{ number: container, sizeType: '45G1' }])] });
      const onEarlier = await bookedConsignment(api, exporterB, 1);
      bEarlier = onEarlier.vehicles[0]!.vin;
      await staff.load(earlier.id, { unit: { kind: 'container', number: container }, vins: [bEarlier] });
      await staff.updateTrain(earlier.id, { status: 'cancelled' });

      // The trip now: A's two vehicles and B's one share the container.
      later = await newTrain();
      const laterFlat = aFlat(2, [{ number: container, sizeType: '42G1' }]);
      laterWagon = laterFlat.number;
      await staff.putConsist(later.id, { wagons: [aFlat(1), laterFlat] });
      const ofA = await bookedConsignment(api, exporter, 2);
      const ofB = await bookedConsignment(api, exporterB, 1);
      a = { consignmentId: ofA.id, vins: ofA.vehicles.map((v) => v.vin) };
      b = { consignmentId: ofB.id, vins: ofB.vehicles.map((v) => v.vin) };
      await staff.load(later.id, { unit: { kind: 'container', number: container }, vins: [...b.vins, ...a.vins] });
    });

    const entry = (train: Train, wagonNumber: string) => ({
      trainId: train.id,
      stationCode: 'CNZGZ',
      wagonNumber,
      from: null,
      to: null,
    });
    const inIt = (of: { consignmentId: string; vins: string[] }) =>
      of.vins.map((vin) => ({ vin, consignmentId: of.consignmentId }));

    it('shows staff the trip, the wagon now, every vehicle in booking order and every consist it was on', async () => {
      // The cancelled earlier train's consist gives neither the size type nor a history entry: it never ran.
      expect(await staff.getContainer(container.toLowerCase())).toEqual({
        number: container,
        sizeType: '42G1',
        trainId: later.id,
        trainNumber: later.trainNumber,
        wagon: { number: laterWagon, gauge: 1435 },
        vehicles: [...inIt(a), ...inIt(b)],
        history: [entry(later, laterWagon)],
      });
    });

    it('shows each exporter sharing it only its own vehicles and the trips it had vehicles on; others get 404', async () => {
      expect(await api.as(exporter).getContainer(container)).toMatchObject({
        trainId: later.id,
        vehicles: inIt(a),
        history: [entry(later, laterWagon)],
      });
      expect(await api.as(exporterB).getContainer(container)).toMatchObject({
        trainId: later.id,
        vehicles: inIt(b),
        history: [entry(later, laterWagon)],
      });
      const problem = await api.as(stranger).getContainer(container).expectProblem(404);
      expect(problem.type).toBe(problemType('not-found'));
    });

    it('answers 404 for a container no train carried, and 422 naming `number` for a bad one', async () => {
      await staff.getContainer(aContainerNumber()).expectProblem(404);
      const bad = `${container.slice(0, 10)}${(Number(container[10]) + 1) % 10}`;
      const problem = await staff.getContainer(bad).expectProblem(422);
      expect(problem.errors).toEqual([{ field: 'number', message: expect.stringContaining('check digit') }]);
    });

    it('shows a container loaded on a train without a consist, on no wagon, with no history', async () => {
      const train = await newTrain();
      const loose = aContainerNumber();
      const vins = await vinsOf(1);
      await staff.load(train.id, { unit: { kind: 'container', number: loose }, vins });
      expect(await staff.getContainer(loose)).toMatchObject({
        number: loose,
        sizeType: null,
        trainId: train.id,
        wagon: null,
        vehicles: [{ vin: vins[0] }],
        history: [],
      });
    });

    it('lists the consignments with a vehicle in the container now, an exporter only its own', async () => {
      const ids = async (client: ApiClient) =>
        (await client.listConsignments({ containerNumber: container.toLowerCase() })).items.map((c) => c.id).sort();
      expect(await ids(staff)).toEqual([a.consignmentId, b.consignmentId].sort());
      expect(await ids(api.as(exporter))).toEqual([a.consignmentId]);
      expect(await ids(api.as(stranger))).toEqual([]);
      const page = await staff.listConsignments({ containerNumber: container, limit: 1 });
      expect(page.items).toHaveLength(1);
      expect(page.nextCursor).not.toBeNull();
      const rest = await staff.listConsignments({ containerNumber: container, limit: 1, cursor: page.nextCursor! });
      expect([...page.items, ...rest.items].map((c) => c.id).sort()).toEqual(await ids(staff));
      const problem = await staff.listConsignments({ containerNumber: 'CSQU3054384' }).expectProblem(422);
      expect(problem.errors?.map((e) => e.field)).toEqual(['containerNumber']);
    });

    it('finds a train by its number, with the status filter too', async () => {
      const numbered = (query: Parameters<ApiClient['listTrains']>[0]) =>
        staff.listTrains(query).then((page) => page.items.map((t) => t.id));
      expect(await numbered({ trainNumber: later.trainNumber })).toEqual([later.id]);
      expect(await numbered({ trainNumber: earlier.trainNumber, status: 'cancelled' })).toEqual([earlier.id]);
      expect(await numbered({ trainNumber: earlier.trainNumber, status: 'planned' })).toEqual([]);
      expect(await numbered({ trainNumber: 'Z0000' })).toEqual([]);
    });
  });

  describe('the container’s trip, and loadings into a container on another train', () => {
    let exporterB: Actor;

    beforeAll(async () => {
      exporterB = await createActor(api, 'exporter');
    });

    const departing = (day: string) => aTrain({ plannedDepartureAt: `${day}T09:30:00+08:00` });
    const into = (number: string) => ({ kind: 'container' as const, number });
    const consignmentIds = async (client: ApiClient, number: string) =>
      (await client.listConsignments({ containerNumber: number })).items.map((c) => c.id);

    it('leaves out a later train whose loading into the container was released by a cancellation', async () => {
      const container = aContainerNumber();
      const released = await staff.createTrain(departing('2024-05-10'));
      const cancelled = await bookedConsignment(api, exporter, 1);
      await staff.load(released.id, { unit: into(container), vins: [cancelled.vehicles[0]!.vin] });
      await staff.cancelConsignment(cancelled.id);

      const trip = await staff.createTrain(departing('2024-05-05'));
      const flat = aFlat(1, [{ number: container, sizeType: '45G1' }]);
      await staff.putConsist(trip.id, { wagons: [flat] });
      const riding = await bookedConsignment(api, exporterB, 1);
      await staff.load(trip.id, { unit: into(container), vins: [riding.vehicles[0]!.vin] });

      const view = {
        number: container,
        sizeType: '45G1',
        trainId: trip.id,
        trainNumber: trip.trainNumber,
        wagon: { number: flat.number, gauge: 1435 },
        vehicles: [{ vin: riding.vehicles[0]!.vin, consignmentId: riding.id }],
        history: [{ trainId: trip.id, stationCode: 'CNZGZ', wagonNumber: flat.number, from: null, to: null }],
      };
      expect(await staff.getContainer(container)).toEqual(view);
      expect(await api.as(exporterB).getContainer(container)).toEqual(view);
      await api.as(exporter).getContainer(container).expectProblem(404);
      expect(await consignmentIds(staff, container)).toEqual([riding.id]);
    });

    it('refuses with 409 a loading into a container on another train’s consist, storing nothing', async () => {
      const container = aContainerNumber();
      const onConsist = await staff.createTrain(departing('2024-06-01'));
      await staff.putConsist(onConsist.id, { wagons: [aFlat(1, [{ number: container, sizeType: '45G1' }])] });
      const riding = await bookedConsignment(api, exporterB, 1);
      await staff.load(onConsist.id, { unit: into(container), vins: [riding.vehicles[0]!.vin] });
      const before = await staff.getContainer(container);

      const later = await staff.createTrain(departing('2024-06-03'));
      const vins = await vinsOf(1);
      const problem = (await staff
        .load(later.id, { unit: into(container), vins })
        .expectProblem(409)) as OtherTrainProblem;

      expect(problem.type).toBe(problemType('container-on-other-train'));
      expect(problem.errors).toEqual([
        { field: 'unit.number', message: `on train ${onConsist.trainNumber} (id ${onConsist.id})` },
      ]);
      expect(problem).toMatchObject({ trainId: onConsist.id, trainNumber: onConsist.trainNumber });
      expect(await staff.getVehicle(vins[0]!)).toMatchObject({ status: 'booked', unit: null, train: null });
      expect(await staff.getTrain(later.id)).toMatchObject({ status: 'planned', vehicleCount: 0 });
      expect(await staff.getContainer(container)).toEqual(before);
      expect(await api.as(exporterB).getContainer(container)).toMatchObject({ trainId: onConsist.id });
    });

    it('refuses with 409 a loading or a consist claiming a container holding vehicles loaded on another train', async () => {
      const container = aContainerNumber();
      const holder = await staff.createTrain(departing('2024-06-10'));
      const held = await vinsOf(1);
      await staff.load(holder.id, { unit: into(container), vins: held });

      const other = await staff.createTrain(departing('2024-06-12'));
      const vins = await vinsOf(1);
      const refused = (await staff
        .load(other.id, { unit: into(container), vins })
        .expectProblem(409)) as OtherTrainProblem;
      expect(refused.type).toBe(problemType('container-on-other-train'));
      expect(refused.errors).toEqual([
        { field: 'unit.number', message: `on train ${holder.trainNumber} (id ${holder.id})` },
      ]);
      expect(refused).toMatchObject({ trainId: holder.id, trainNumber: holder.trainNumber });
      expect(await staff.getVehicle(vins[0]!)).toMatchObject({ status: 'booked', unit: null, train: null });
      expect(await staff.getTrain(other.id)).toMatchObject({ status: 'planned', vehicleCount: 0 });

      const consist = (await staff
        .putConsist(other.id, { wagons: [aFlat(1, [{ number: container, sizeType: '45G1' }])] })
        .expectProblem(409)) as OtherTrainProblem;
      expect(consist.errors).toEqual([
        { field: 'wagons[0].containers[0].number', message: `on train ${holder.trainNumber} (id ${holder.id})` },
      ]);
      expect((await staff.getConsist(other.id).expectProblem(404)).type).toBe(problemType('no-consist'));
      expect(await staff.getContainer(container)).toMatchObject({ trainId: holder.id, vehicles: [{ vin: held[0] }] });

      // Unloaded, the vehicle no longer holds the container there: the other train may take it.
      await staff.unload(holder.id, held[0]!);
      await staff.load(other.id, { unit: into(container), vins });
      expect(await staff.getContainer(container)).toMatchObject({ trainId: other.id, vehicles: [{ vin: vins[0] }] });
    });

    it('lets only one of two trains load into a container at once: the other gets 409', async () => {
      const container = aContainerNumber();
      const [first, second] = [await staff.createTrain(departing('2024-06-20')), await newTrain()];
      // Two consignments: one consignment's vehicles could not go on two trains anyway.
      const vins = [await vinsOf(1), await vinsOf(1)];
      const answers = await Promise.all(
        [first, second].map((train, i) => staff.load(train.id, { unit: into(container), vins: vins[i]! }).response),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    });

    it('follows a container reused on a second trip once the first arrived', async () => {
      const container = aContainerNumber();
      const first = await staff.createTrain(departing('2024-07-01'));
      const firstFlat = aFlat(1, [{ number: container, sizeType: '45G1' }]);
      await staff.putConsist(first.id, { wagons: [firstFlat] });
      const onFirst = await bookedConsignment(api, exporter, 1);
      await staff.load(first.id, { unit: into(container), vins: [onFirst.vehicles[0]!.vin] });
      const departedAt = '2024-07-01T09:30:00+08:00';
      await staff.recordTrainEvent(first.id, aDeparture(departedAt));
      await staff.recordTrainEvent(first.id, {
        type: 'ARRIVED',
        stationCode: 'RUMOW',
        occurredAt: new Date(Date.parse(departedAt) + 300 * 3_600_000).toISOString(),
      });

      const second = await staff.createTrain(departing('2024-07-20'));
      const secondFlat = aFlat(1, [{ number: container, sizeType: '45G1' }]);
      await staff.putConsist(second.id, { wagons: [secondFlat] });
      // Only planned for the second trip, nothing in it yet: it is still the first trip's, with its vehicle.
      expect(await api.as(exporter).getContainer(container)).toMatchObject({
        trainId: first.id,
        vehicles: [{ vin: onFirst.vehicles[0]!.vin, consignmentId: onFirst.id }],
      });
      const onSecond = await bookedConsignment(api, exporterB, 1);
      await staff.load(second.id, { unit: into(container), vins: [onSecond.vehicles[0]!.vin] });

      expect(await staff.getContainer(container)).toEqual({
        number: container,
        sizeType: '45G1',
        trainId: second.id,
        trainNumber: second.trainNumber,
        wagon: { number: secondFlat.number, gauge: 1435 },
        vehicles: [{ vin: onSecond.vehicles[0]!.vin, consignmentId: onSecond.id }],
        history: [
          { trainId: first.id, stationCode: 'CNZGZ', wagonNumber: firstFlat.number, from: null, to: null },
          { trainId: second.id, stationCode: 'CNZGZ', wagonNumber: secondFlat.number, from: null, to: null },
        ],
      });
      expect(await consignmentIds(staff, container)).toEqual([onSecond.id]);
      expect(await consignmentIds(api.as(exporterB), container)).toEqual([onSecond.id]);
      expect(await consignmentIds(api.as(exporter), container)).toEqual([]);
      // The contract's "a container holding one of its vehicles": the first trip's exporter's vehicle still
      // names the container as the unit it arrived in, but the container now travels the second trip without
      // it, so that exporter no longer sees the container.
      await api.as(exporter).getContainer(container).expectProblem(404);
      expect(await api.as(exporter).getVehicle(onFirst.vehicles[0]!.vin)).toMatchObject({ unit: into(container) });
    });
  });
});
