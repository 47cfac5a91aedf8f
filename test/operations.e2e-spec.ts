import pg from 'pg';
import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { Unit } from './support/api-types.js';
import { aConsignment, aContainer, aContainerNumber, aTrain, aVehicle, aVin, aWagon } from './support/factories.js';
import { bookedConsignment } from './support/scenarios.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('operations: trains, consignments, vehicles and loadings', () => {
  let api: TestApp;
  let operator: ApiClient;
  let exporterA: Actor;
  let exporterB: Actor;

  const newTrain = (overrides = {}) => operator.createTrain(aTrain(overrides));
  const book = (exporter: Actor, vehicles: number) => bookedConsignment(api, exporter, vehicles);
  const load = (trainId: string, vins: string[], unit: Unit = aContainer(), idempotencyKey?: string) =>
    operator.load(trainId, { unit, vins }, { idempotencyKey });

  beforeAll(async () => {
    api = await startTestApp();
    operator = api.as(await createActor(api, 'operator'));
    exporterA = await createActor(api, 'exporter');
    exporterB = await createActor(api, 'exporter');
  });
  afterAll(() => api.close());

  it('plans a train of 120 vehicles in 3 consignments of 2 exporters, loads it, and every view agrees', async () => {
    const train = await newTrain();
    expect(train).toEqual(expect.objectContaining({ status: 'planned', vehicleCount: 0, consignmentCount: 0 }));
    const byd = await book(exporterA, 45);
    const saic = await book(exporterA, 45);
    const yutong = await book(exporterB, 30);

    // Cars go three to a 40-foot container; buses on flat wagons.
    for (const consignment of [byd, saic]) {
      const vins = consignment.vehicles.map((v) => v.vin);
      for (let i = 0; i < vins.length; i += 3) {
        await load(train.id, vins.slice(i, i + 3));
      }
    }
    for (const vehicle of yutong.vehicles) {
      await load(train.id, [vehicle.vin], aWagon());
    }

    const loaded = await operator.getTrain(train.id);
    expect(loaded).toEqual(expect.objectContaining({ status: 'loading', vehicleCount: 120, consignmentCount: 3 }));

    const onTrain = await operator.listConsignments({ trainId: train.id, limit: 10 });
    expect(onTrain.items.map((c) => c.id).sort()).toEqual([byd.id, saic.id, yutong.id].sort());
    expect(onTrain.items.flatMap((c) => c.vehicles)).toHaveLength(120);
    for (const consignment of onTrain.items) {
      expect(consignment.status).toBe('loaded');
      expect(consignment.trainId).toBe(train.id);
      for (const vehicle of consignment.vehicles) {
        expect(vehicle.status).toBe('loaded');
        expect(vehicle.unit?.kind).toBe(consignment.id === yutong.id ? 'wagon' : 'container');
      }
    }
    const bus = yutong.vehicles[0]!.vin;
    const lookup = await api.as(exporterB).getVehicle(bus);
    expect(lookup).toEqual(
      expect.objectContaining({ vin: bus, consignmentId: yutong.id, trainId: train.id, status: 'loaded' }),
    );
    expect(lookup.unit!.kind).toBe('wagon');

    // Exporter A never sees exporter B's consignment or vehicles, and the other way round.
    const a = api.as(exporterA);
    await a.getConsignment(yutong.id).expectStatus(404);
    await a.getVehicle(bus).expectStatus(404);
    await api.as(exporterB).getConsignment(byd.id).expectStatus(404);
    const seenByA = await a.listConsignments({ trainId: train.id });
    expect(seenByA.items.map((c) => c.id).sort()).toEqual([byd.id, saic.id].sort());
    expect(seenByA.items.every((c) => c.exporterId === exporterA.organizationId)).toBe(true);
    const byWaybill = await a.listConsignments({ waybillNumber: yutong.waybillNumber });
    expect(byWaybill.items).toEqual([]);
    // Trains are staff business.
    await a.getTrain(train.id).expectStatus(403);
  });

  it('answers a consignment as the contract writes it, alike from its booking, its lookup and the list', async () => {
    const a = api.as(exporterA);
    const input = aConsignment(0, {
      vehicles: [
        aVehicle({ declaredValue: { amount: '152000.5', currency: 'CNY' } }),
        aVehicle({ make: 'Yutong', model: 'ZK6122H9', powertrain: 'BEV' }),
      ],
    });
    const booking = a.bookConsignment(input);
    const created = await booking;
    const booked = await booking.response;
    expect(booked.headers.get('content-type')).toBe('application/json; charset=utf-8');
    // Vehicles come back in booking order, as the exporter sent them.
    const vins = input.vehicles.map((v) => v.vin);
    // Compact JSON, like every other response (not PostgreSQL's `"id" : "…"`).
    const text = await (await api.request(`/api/v1/consignments/${created.id}`, { token: exporterA.token })).text();
    expect(text).toBe(JSON.stringify(created));
    expect(created).toStrictEqual({
      id: expect.any(String),
      waybillNumber: input.waybillNumber,
      exporterId: exporterA.organizationId,
      consignee: { name: 'Avtodom Trading LLC', country: 'RU' },
      originStationCode: 'CNZGZ',
      destinationStationCode: 'RUMOW',
      trainId: null,
      train: null,
      status: 'booked',
      currentStationCode: null,
      eta: null,
      etaBasis: 'plan',
      etaRange: null,
      vehicles: vins.map((vin) => {
        const vehicle = input.vehicles.find((v) => v.vin === vin)!;
        return {
          vin,
          make: vehicle.make,
          model: vehicle.model,
          powertrain: vehicle.powertrain,
          declaredValue: {
            amount: vehicle.declaredValue.amount === '152000.5' ? '152000.50' : '152000.00',
            currency: 'CNY',
          },
          status: 'booked',
          unit: null,
          wagon: null,
        };
      }),
      version: 1,
    });
    expect(booked.headers.get('etag')).toBe('"1"');

    const train = await newTrain({ plannedDepartureAt: '2024-03-20T09:30:00.123456+08:00' });
    const unit = aContainer();
    await load(train.id, vins, unit);
    const lookup = a.getConsignment(created.id);
    const loaded = await lookup;
    const read = await lookup.response;
    expect(read.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(read.headers.get('etag')).toBe(`"${loaded.version}"`);
    expect(loaded).toStrictEqual({
      ...created,
      trainId: train.id,
      // Exporters cannot open GET /trains/:id; this much of the train is theirs to read.
      train: {
        id: train.id,
        trainNumber: train.trainNumber,
        plannedDepartureAt: '2024-03-20T01:30:00.123Z',
        departedAt: null,
        arrivedAt: null,
      },
      status: 'loaded',
      eta: expect.stringMatching(/^2024-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      vehicles: created.vehicles.map((vehicle) => ({ ...vehicle, status: 'loaded', unit })),
      version: loaded.version,
    });
    const trainView = await operator.getTrain(train.id);
    expect(loaded.eta).toBe(trainView.eta);
    const page = await a.listConsignments({ trainId: train.id });
    expect(page).toStrictEqual({ items: [loaded], nextCursor: null });
  });

  it('loads a VIN on exactly one of 20 trains when 20 loadings race for it', async () => {
    const consignment = await book(exporterA, 1);
    const vin = consignment.vehicles[0]!.vin;
    const trains = await Promise.all(Array.from({ length: 20 }, () => newTrain()));
    const responses = await Promise.all(trains.map((train) => load(train.id, [vin]).response));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const conflict = (await responses.find((r) => r.status === 409)!.json()) as { detail: string };
    expect(conflict.detail).toContain(vin);

    const client = new pg.Client({ connectionString: api.database.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT train_id FROM loadings WHERE vin = $1', [vin]);
      expect(rows).toHaveLength(1);
      const winner = trains[responses.findIndex((r) => r.status === 201)]!;
      expect(rows[0].train_id).toBe(winner.id);
    } finally {
      await client.end();
    }
  });

  it('applies a loading sent 10 times in parallel with one Idempotency-Key once, and replays it', async () => {
    const consignment = await book(exporterA, 3);
    const train = await newTrain();
    const vins = consignment.vehicles.map((v) => v.vin);
    const unit = aContainer();
    const key = `load-${train.id}`;
    const responses = await Promise.all(Array.from({ length: 10 }, () => load(train.id, vins, unit, key).response));
    const completed = responses.filter((r) => r.status === 201);
    expect(completed.length).toBeGreaterThanOrEqual(1);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const bodies = new Set(await Promise.all(completed.map((r) => r.text())));
    expect(bodies.size).toBe(1);

    const replay = await load(train.id, vins, unit, key).response;
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe([...bodies][0]);

    const after = await operator.getTrain(train.id);
    expect(after.vehicleCount).toBe(3);
    expect(after.version).toBe(2); // one loading changed the train once

    await load(train.id, vins.slice(0, 1), unit, key).expectStatus(422);
  });

  it('rejects a loading of 499 good VINs and 1 unknown one with 422 naming it, storing nothing', async () => {
    const consignments = await Promise.all([book(exporterA, 250), book(exporterB, 249)]);
    const good = consignments.flatMap((c) => c.vehicles.map((v) => v.vin));
    const bad = aVin();
    const train = await newTrain();
    const problem = await load(train.id, [...good.slice(0, 300), bad, ...good.slice(300)]).expectStatus(422);
    expect(problem.errors).toEqual([{ field: 'vins[300]', message: `no vehicle ${bad} is booked` }]);

    const after = await operator.getTrain(train.id);
    expect(after).toEqual(expect.objectContaining({ status: 'planned', vehicleCount: 0 }));
    const vehicle = await operator.getVehicle(good[0]!);
    expect(vehicle).toEqual(expect.objectContaining({ status: 'booked', trainId: null }));
  });

  it('checks unit numbers by their check digit and VINs by theirs, naming the field', async () => {
    const train = await newTrain();
    const container = aContainerNumber();
    const corrupted = container.slice(0, 10) + String((Number(container[10]) + 1) % 10);
    const problem = await load(train.id, [aVin()], { kind: 'container', number: corrupted }).expectStatus(422);
    expect(problem.errors![0]!.field).toBe('unit.number');
    expect(problem.errors![0]!.message).toContain('check digit');

    const vin = aVin();
    const wrongVin = vin.slice(0, 8) + (vin[8] === '0' ? '1' : '0') + vin.slice(9);
    const vinProblem = await api
      .as(exporterA)
      .bookConsignment(aConsignment(1, { vehicles: [aVehicle({ vin: wrongVin })] }))
      .expectStatus(422);
    expect(vinProblem.errors![0]!.field).toBe('vehicles[0].vin');
  });

  it('plans trains from 2000 to 2100 only, so that every ETA stays an RFC 3339 timestamp', async () => {
    const far = await operator.createTrain(aTrain({ plannedDepartureAt: '9999-12-31T23:00:00Z' })).expectProblem(422);
    expect(far.errors).toEqual([{ field: 'plannedDepartureAt', message: 'must be from 2000-01-01 to 2100-12-31' }]);
    const train = await newTrain();
    const moved = await operator
      .updateTrain(train.id, { plannedDepartureAt: '1970-01-01T00:00:00Z' })
      .expectProblem(422);
    expect(moved.errors![0]!.field).toBe('plannedDepartureAt');
  });

  it('refuses null for a train field that may only be left out, with 422 naming it', async () => {
    const train = await newTrain();
    for (const field of ['plannedDepartureAt', 'status'] as const) {
      const problem = await operator.updateTrain(train.id, { [field]: null }).expectProblem(422);
      expect(problem.errors![0]!.field).toBe(field);
    }
    expect((await operator.getTrain(train.id)).plannedDepartureAt).toBe(train.plannedDepartureAt);
  });

  it('keeps VINs and waybills unique: a second booking of either is a 409 naming it', async () => {
    const first = await book(exporterA, 2);
    const again = aConsignment(1, { vehicles: [aVehicle({ vin: first.vehicles[1]!.vin })] });
    const problem = await api.as(exporterB).bookConsignment(again).expectStatus(409);
    expect(problem.errors).toEqual([
      { field: 'vehicles[0].vin', message: `${first.vehicles[1]!.vin} is already booked` },
    ]);
    await api
      .as(exporterA)
      .bookConsignment(aConsignment(1, { waybillNumber: first.waybillNumber }))
      .expectStatus(409);
  });

  it('lets an exporter book only for its own organization', async () => {
    await api
      .as(exporterA)
      .bookConsignment(aConsignment(1, { exporterId: exporterB.organizationId }))
      .expectStatus(422);
    const staff = await operator.bookConsignment(aConsignment(1, { exporterId: exporterB.organizationId }));
    expect(staff.exporterId).toBe(exporterB.organizationId);
  });

  it('refuses loading after departure, unloading after departure, and illegal status changes, naming the status', async () => {
    const consignment = await book(exporterA, 2);
    const train = await newTrain();
    await load(train.id, [consignment.vehicles[0]!.vin]);
    // Unload before departure works and the consignment goes back to booked.
    await operator.unload(train.id, consignment.vehicles[0]!.vin);
    const unloaded = await operator.getConsignment(consignment.id);
    expect(unloaded).toEqual(expect.objectContaining({ status: 'booked', trainId: null }));

    const problem = await operator.updateTrain(train.id, { status: 'closed' }).expectStatus(409);
    expect(problem.detail).toContain('planned');

    const cancelled = await operator.updateTrain(train.id, { status: 'cancelled' });
    expect(cancelled.status).toBe('cancelled');
    const late = await load(train.id, [consignment.vehicles[1]!.vin]).expectStatus(409);
    expect(late.detail).toContain('cancelled');
  });

  it('shows the unit a vehicle is loaded in: moved within its train, none once unloaded or its train is cancelled', async () => {
    const consignment = await book(exporterA, 1);
    const vin = consignment.vehicles[0]!.vin;
    const a = api.as(exporterA);
    const unitNow = async () => {
      const [viaConsignment, viaVehicle] = await Promise.all([a.getConsignment(consignment.id), a.getVehicle(vin)]);
      expect(viaVehicle.unit).toEqual(viaConsignment.vehicles[0]!.unit);
      return viaVehicle.unit;
    };
    const container = aContainer();
    const wagon = aWagon();
    const first = await newTrain();
    expect(await unitNow()).toBeNull();
    await load(first.id, [vin], container);
    expect(await unitNow()).toEqual(container);
    await load(first.id, [vin], wagon);
    expect(await unitNow()).toEqual(wagon);
    await operator.unload(first.id, vin);
    expect(await unitNow()).toBeNull();

    const second = await newTrain();
    await load(second.id, [vin], container);
    expect(await unitNow()).toEqual(container);
    await operator.updateTrain(second.id, { status: 'cancelled' });
    expect(await unitNow()).toBeNull();
  });

  it('shows a vehicle on the train it is loaded on, and one left behind by its consignment on none', async () => {
    const consignment = await book(exporterA, 2);
    const [loadedVin, leftVin] = consignment.vehicles.map((vehicle) => vehicle.vin) as [string, string];
    const train = await newTrain();
    await load(train.id, [loadedVin]);
    const a = api.as(exporterA);

    const loaded = await a.getVehicle(loadedVin);
    expect(loaded).toMatchObject({ status: 'loaded', trainId: train.id, eta: train.eta });
    expect(loaded.train).toEqual({
      id: train.id,
      trainNumber: train.trainNumber,
      plannedDepartureAt: train.plannedDepartureAt,
      departedAt: null,
      arrivedAt: null,
    });
    // Its consignment is on the train, but this vehicle is not: it claims no train, station or ETA.
    expect(await a.getVehicle(leftVin)).toMatchObject({
      status: 'booked',
      unit: null,
      trainId: null,
      train: null,
      currentStationCode: null,
      eta: null,
    });
  });

  it('plans an ETA from the planned departure and the route, which a loaded consignment shares and follows', async () => {
    const train = await newTrain({ plannedDepartureAt: '2024-03-20T09:30:00+08:00' });
    const planned = '2024-04-01T13:30:00.000Z'; // 01:30Z + 300 h on ZGZ-MOW-ERC
    expect(train.eta).toBe(planned);
    const consignment = await book(exporterA, 2);
    await load(train.id, [consignment.vehicles[0]!.vin, consignment.vehicles[1]!.vin]);
    const eta = async () => (await operator.getConsignment(consignment.id)).eta;
    expect(await eta()).toBe(planned);

    await operator.updateTrain(train.id, { plannedDepartureAt: '2024-03-21T09:30:00+08:00' });
    expect(await eta()).toBe('2024-04-02T13:30:00.000Z');

    for (const vehicle of consignment.vehicles) await operator.unload(train.id, vehicle.vin);
    expect(await eta()).toBeNull();
  });

  it('honours If-Match on trains and consignments with 412 on a stale version', async () => {
    const train = await newTrain();
    const move = { plannedDepartureAt: '2024-03-21T09:30:00+08:00' };
    await operator.updateTrain(train.id, move, { ifMatch: `"${train.version + 1}"` }).expectStatus(412);
    const moving = operator.updateTrain(train.id, move, { ifMatch: `"${train.version}"` });
    expect((await moving).plannedDepartureAt).toBe('2024-03-21T01:30:00.000Z');
    expect((await moving.response).headers.get('etag')).toBe(`"${train.version + 1}"`);

    const consignment = await book(exporterA, 1);
    const update = { consignee: { name: 'Rolf Import LLC', country: 'RU' } };
    const a = api.as(exporterA);
    await a.updateConsignment(consignment.id, update, { ifMatch: '"99"' }).expectStatus(412);
    const changed = await a.updateConsignment(consignment.id, update, { ifMatch: `"${consignment.version}"` });
    expect(changed).toEqual(
      expect.objectContaining({ consignee: expect.objectContaining({ name: 'Rolf Import LLC' }), version: 2 }),
    );
    await api.as(exporterB).updateConsignment(consignment.id, update).expectStatus(404);
  });

  it('pages consignments newest first without gaps or repeats', async () => {
    const exporter = await createActor(api, 'exporter');
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await book(exporter, 1)).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.as(exporter).listConsignments({ limit: 3, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('pages across rows apart by microseconds within one millisecond without skipping one', async () => {
    const exporter = await createActor(api, 'exporter');
    const [older, newer] = [await book(exporter, 1), await book(exporter, 1)];
    // Two bookings 100 µs apart in the same millisecond (two handhelds syncing at once).
    const client = new pg.Client({ connectionString: api.database.url });
    await client.connect();
    await client.query(
      `UPDATE consignments SET created_at = CASE id WHEN $1 THEN '2024-03-20T01:30:00.000400Z'::timestamptz
         ELSE '2024-03-20T01:30:00.000500Z'::timestamptz END WHERE id IN ($1, $2)`,
      [older.id, newer.id],
    );
    await client.end();
    const pageOf = (cursor?: string) => api.as(exporter).listConsignments({ limit: 1, cursor });
    const first = await pageOf();
    expect(first.items.map((c) => c.id)).toEqual([newer.id]);
    const second = await pageOf(first.nextCursor!);
    expect(second.items.map((c) => c.id)).toEqual([older.id]);

    // Trains page by planned departure, which a client may give to the microsecond.
    const departures = ['2031-05-01T00:00:00.000400Z', '2031-05-01T00:00:00.000500Z'];
    const trains = [];
    for (const plannedDepartureAt of departures) trains.push(await newTrain({ plannedDepartureAt }));
    const trainPage = (cursor?: string) => operator.listTrains({ limit: 1, cursor });
    const latest = await trainPage();
    expect(latest.items.map((t) => t.id)).toEqual([trains[1]!.id]);
    expect((await trainPage(latest.nextCursor!)).items.map((t) => t.id)).toEqual([trains[0]!.id]);
  });
});
