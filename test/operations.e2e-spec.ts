import pg from 'pg';
import { type Actor, createActor } from './support/actors.js';
import { aConsignment, aContainerNumber, aTrain, aUicWagonNumber, aVehicle, aVin } from './support/factories.js';
import { bodyWithStatus } from './support/expect-status.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Consignment {
  id: string;
  exporterId: string;
  trainId: string | null;
  status: string;
  version: number;
  vehicles: { vin: string; status: string; unit: { kind: string; number: string } | null }[];
}
interface Train {
  id: string;
  status: string;
  vehicleCount: number;
  consignmentCount: number;
  version: number;
}

describe('operations: trains, consignments, vehicles and loadings', () => {
  let api: TestApp;
  let operator: Actor;
  let exporterA: Actor;
  let exporterB: Actor;

  const json = bodyWithStatus;
  const post = (path: string, body: unknown, token = operator.token, headers: Record<string, string> = {}) =>
    api.request(path, { method: 'POST', token, json: body, headers });
  const newTrain = async (overrides = {}) => json<Train>(await post('/api/v1/trains', aTrain(overrides)), 201);
  const book = async (exporter: Actor, vehicles: number) =>
    json<Consignment>(await post('/api/v1/consignments', aConsignment(vehicles), exporter.token), 201);
  const load = (
    trainId: string,
    vins: string[],
    unit = { kind: 'container', number: aContainerNumber() },
    headers = {},
  ) => post(`/api/v1/trains/${trainId}/loadings`, { unit, vins }, operator.token, headers);

  beforeAll(async () => {
    api = await startTestApp();
    operator = await createActor(api, 'operator');
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
        await json(await load(train.id, vins.slice(i, i + 3)), 201);
      }
    }
    for (const vehicle of yutong.vehicles) {
      await json(await load(train.id, [vehicle.vin], { kind: 'wagon', number: aUicWagonNumber() }), 201);
    }

    const loaded = await json<Train>(await api.request(`/api/v1/trains/${train.id}`, { token: operator.token }), 200);
    expect(loaded).toEqual(expect.objectContaining({ status: 'loading', vehicleCount: 120, consignmentCount: 3 }));

    const onTrain = await json<{ items: Consignment[] }>(
      await api.request(`/api/v1/consignments?trainId=${train.id}&limit=10`, { token: operator.token }),
      200,
    );
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
    const lookup = await json<{
      vin: string;
      consignmentId: string;
      trainId: string;
      status: string;
      unit: { kind: string };
    }>(await api.request(`/api/v1/vehicles/${bus}`, { token: exporterB.token }), 200);
    expect(lookup).toEqual(
      expect.objectContaining({ vin: bus, consignmentId: yutong.id, trainId: train.id, status: 'loaded' }),
    );
    expect(lookup.unit.kind).toBe('wagon');

    // Exporter A never sees exporter B's consignment or vehicles, and the other way round.
    expect((await api.request(`/api/v1/consignments/${yutong.id}`, { token: exporterA.token })).status).toBe(404);
    expect((await api.request(`/api/v1/vehicles/${bus}`, { token: exporterA.token })).status).toBe(404);
    expect((await api.request(`/api/v1/consignments/${byd.id}`, { token: exporterB.token })).status).toBe(404);
    const seenByA = await json<{ items: Consignment[] }>(
      await api.request(`/api/v1/consignments?trainId=${train.id}`, { token: exporterA.token }),
      200,
    );
    expect(seenByA.items.map((c) => c.id).sort()).toEqual([byd.id, saic.id].sort());
    expect(seenByA.items.every((c) => c.exporterId === exporterA.organizationId)).toBe(true);
    const byWaybill = await json<{ items: Consignment[] }>(
      await api.request(
        `/api/v1/consignments?waybillNumber=${(yutong as unknown as { waybillNumber: string }).waybillNumber}`,
        {
          token: exporterA.token,
        },
      ),
      200,
    );
    expect(byWaybill.items).toEqual([]);
    // Trains are staff business.
    expect((await api.request(`/api/v1/trains/${train.id}`, { token: exporterA.token })).status).toBe(403);
  });

  it('answers a consignment as the contract writes it, alike from its booking, its lookup and the list', async () => {
    const input = aConsignment(0, {
      vehicles: [
        aVehicle({ declaredValue: { amount: '152000.5', currency: 'CNY' } }),
        aVehicle({ make: 'Yutong', model: 'ZK6122H9', powertrain: 'BEV' }),
      ],
    });
    const booked = await api.request('/api/v1/consignments', { method: 'POST', token: exporterA.token, json: input });
    expect(booked.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const created = await json<Consignment & { waybillNumber: string }>(booked, 201);
    const vins = input.vehicles.map((v) => v.vin).sort();
    expect(created).toStrictEqual({
      id: expect.any(String),
      waybillNumber: input.waybillNumber,
      exporterId: exporterA.organizationId,
      consignee: { name: 'Avtodom Trading LLC', country: 'RU' },
      originStationCode: 'CNZGZ',
      destinationStationCode: 'RUMOW',
      trainId: null,
      status: 'booked',
      currentStationCode: null,
      eta: null,
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
        };
      }),
      version: 1,
    });
    expect(booked.headers.get('etag')).toBe('"1"');

    const train = await newTrain({ plannedDepartureAt: '2024-03-20T09:30:00.123456+08:00' });
    const unit = { kind: 'container', number: aContainerNumber() };
    await json(await load(train.id, vins, unit), 201);
    const read = await api.request(`/api/v1/consignments/${created.id}`, { token: exporterA.token });
    expect(read.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const loaded = await json<Consignment & { eta: string }>(read, 200);
    expect(read.headers.get('etag')).toBe(`"${loaded.version}"`);
    expect(loaded).toStrictEqual({
      ...created,
      trainId: train.id,
      status: 'loaded',
      eta: expect.stringMatching(/^2024-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      vehicles: created.vehicles.map((vehicle) => ({ ...vehicle, status: 'loaded', unit })),
      version: loaded.version,
    });
    const trainView = await json<{ eta: string }>(
      await api.request(`/api/v1/trains/${train.id}`, { token: operator.token }),
      200,
    );
    expect(loaded.eta).toBe(trainView.eta);
    const page = await json<{ items: Consignment[]; nextCursor: string | null }>(
      await api.request(`/api/v1/consignments?trainId=${train.id}`, { token: exporterA.token }),
      200,
    );
    expect(page).toStrictEqual({ items: [loaded], nextCursor: null });
  });

  it('loads a VIN on exactly one of 20 trains when 20 loadings race for it', async () => {
    const consignment = await book(exporterA, 1);
    const vin = consignment.vehicles[0]!.vin;
    const trains = await Promise.all(Array.from({ length: 20 }, () => newTrain()));
    const responses = await Promise.all(trains.map((train) => load(train.id, [vin])));
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
    const unit = { kind: 'container', number: aContainerNumber() };
    const headers = { 'idempotency-key': `load-${train.id}` };
    const responses = await Promise.all(Array.from({ length: 10 }, () => load(train.id, vins, unit, headers)));
    const completed = responses.filter((r) => r.status === 201);
    expect(completed.length).toBeGreaterThanOrEqual(1);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const bodies = new Set(await Promise.all(completed.map((r) => r.text())));
    expect(bodies.size).toBe(1);

    const replay = await load(train.id, vins, unit, headers);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe([...bodies][0]);

    const after = await json<Train>(await api.request(`/api/v1/trains/${train.id}`, { token: operator.token }), 200);
    expect(after.vehicleCount).toBe(3);
    expect(after.version).toBe(2); // one loading changed the train once

    const different = await load(train.id, vins.slice(0, 1), unit, headers);
    expect(different.status).toBe(422);
  });

  it('rejects a loading of 499 good VINs and 1 unknown one with 422 naming it, storing nothing', async () => {
    const consignments = await Promise.all([book(exporterA, 250), book(exporterB, 249)]);
    const good = consignments.flatMap((c) => c.vehicles.map((v) => v.vin));
    const bad = aVin();
    const train = await newTrain();
    const response = await load(train.id, [...good.slice(0, 300), bad, ...good.slice(300)]);
    const problem = await json<{ errors: { field: string; message: string }[] }>(response, 422);
    expect(problem.errors).toEqual([{ field: 'vins[300]', message: `no vehicle ${bad} is booked` }]);

    const after = await json<Train>(await api.request(`/api/v1/trains/${train.id}`, { token: operator.token }), 200);
    expect(after).toEqual(expect.objectContaining({ status: 'planned', vehicleCount: 0 }));
    const vehicle = await json<{ status: string; trainId: string | null }>(
      await api.request(`/api/v1/vehicles/${good[0]!}`, { token: operator.token }),
      200,
    );
    expect(vehicle).toEqual(expect.objectContaining({ status: 'booked', trainId: null }));
  });

  it('checks unit numbers by their check digit and VINs by theirs, naming the field', async () => {
    const train = await newTrain();
    const container = aContainerNumber();
    const corrupted = container.slice(0, 10) + String((Number(container[10]) + 1) % 10);
    const problem = await json<{ errors: { field: string; message: string }[] }>(
      await load(train.id, [aVin()], { kind: 'container', number: corrupted }),
      422,
    );
    expect(problem.errors[0]!.field).toBe('unit.number');
    expect(problem.errors[0]!.message).toContain('check digit');

    const vin = aVin();
    const wrongVin = vin.slice(0, 8) + (vin[8] === '0' ? '1' : '0') + vin.slice(9);
    const vinProblem = await json<{ errors: { field: string }[] }>(
      await post(
        '/api/v1/consignments',
        aConsignment(1, { vehicles: [{ ...aConsignment(1).vehicles[0], vin: wrongVin }] }),
        exporterA.token,
      ),
      422,
    );
    expect(vinProblem.errors[0]!.field).toBe('vehicles[0].vin');
  });

  it('keeps VINs and waybills unique: a second booking of either is a 409 naming it', async () => {
    const first = await book(exporterA, 2);
    const again = aConsignment(1, { vehicles: [{ ...aConsignment(1).vehicles[0], vin: first.vehicles[1]!.vin }] });
    const problem = await json<{ errors: { field: string; message: string }[] }>(
      await post('/api/v1/consignments', again, exporterB.token),
      409,
    );
    expect(problem.errors).toEqual([
      { field: 'vehicles[0].vin', message: `${first.vehicles[1]!.vin} is already booked` },
    ]);
    const waybill = (first as unknown as { waybillNumber: string }).waybillNumber;
    expect(
      (await post('/api/v1/consignments', aConsignment(1, { waybillNumber: waybill }), exporterA.token)).status,
    ).toBe(409);
  });

  it('lets an exporter book only for its own organization', async () => {
    const response = await post(
      '/api/v1/consignments',
      aConsignment(1, { exporterId: exporterB.organizationId }),
      exporterA.token,
    );
    expect(response.status).toBe(422);
    const staff = await post('/api/v1/consignments', aConsignment(1, { exporterId: exporterB.organizationId }));
    expect((await json<Consignment>(staff, 201)).exporterId).toBe(exporterB.organizationId);
  });

  it('refuses loading after departure, unloading after departure, and illegal status changes, naming the status', async () => {
    const consignment = await book(exporterA, 2);
    const train = await newTrain();
    await json(await load(train.id, [consignment.vehicles[0]!.vin]), 201);
    // Unload before departure works and the consignment goes back to booked.
    expect(
      (
        await api.request(`/api/v1/trains/${train.id}/loadings/${consignment.vehicles[0]!.vin}`, {
          method: 'DELETE',
          token: operator.token,
        })
      ).status,
    ).toBe(204);
    const unloaded = await json<Consignment>(
      await api.request(`/api/v1/consignments/${consignment.id}`, { token: operator.token }),
      200,
    );
    expect(unloaded).toEqual(expect.objectContaining({ status: 'booked', trainId: null }));

    const closed = await api.request(`/api/v1/trains/${train.id}`, {
      method: 'PATCH',
      token: operator.token,
      json: { status: 'closed' },
    });
    const problem = await json<{ detail: string }>(closed, 409);
    expect(problem.detail).toContain('planned');

    const cancelled = await json<Train>(
      await api.request(`/api/v1/trains/${train.id}`, {
        method: 'PATCH',
        token: operator.token,
        json: { status: 'cancelled' },
      }),
      200,
    );
    expect(cancelled.status).toBe('cancelled');
    const late = await json<{ detail: string }>(await load(train.id, [consignment.vehicles[1]!.vin]), 409);
    expect(late.detail).toContain('cancelled');
  });

  it('shows the unit a vehicle is loaded in: moved within its train, none once unloaded or its train is cancelled', async () => {
    const consignment = await book(exporterA, 1);
    const vin = consignment.vehicles[0]!.vin;
    const unitNow = async () => {
      const [viaConsignment, viaVehicle] = await Promise.all([
        json<Consignment>(await api.request(`/api/v1/consignments/${consignment.id}`, { token: exporterA.token }), 200),
        json<{ unit: unknown }>(await api.request(`/api/v1/vehicles/${vin}`, { token: exporterA.token }), 200),
      ]);
      expect(viaVehicle.unit).toEqual(viaConsignment.vehicles[0]!.unit);
      return viaVehicle.unit;
    };
    const container = { kind: 'container', number: aContainerNumber() };
    const wagon = { kind: 'wagon', number: aUicWagonNumber() };
    const first = await newTrain();
    expect(await unitNow()).toBeNull();
    await json(await load(first.id, [vin], container), 201);
    expect(await unitNow()).toEqual(container);
    await json(await load(first.id, [vin], wagon), 201);
    expect(await unitNow()).toEqual(wagon);
    const unloaded = await api.request(`/api/v1/trains/${first.id}/loadings/${vin}`, {
      method: 'DELETE',
      token: operator.token,
    });
    expect(unloaded.status).toBe(204);
    expect(await unitNow()).toBeNull();

    const second = await newTrain();
    await json(await load(second.id, [vin], container), 201);
    expect(await unitNow()).toEqual(container);
    await json(
      await api.request(`/api/v1/trains/${second.id}`, {
        method: 'PATCH',
        token: operator.token,
        json: { status: 'cancelled' },
      }),
      200,
    );
    expect(await unitNow()).toBeNull();
  });

  it('plans an ETA from the planned departure and the route, which a loaded consignment shares and follows', async () => {
    const train = await newTrain({ plannedDepartureAt: '2024-03-20T09:30:00+08:00' });
    const planned = '2024-04-01T13:30:00.000Z'; // 01:30Z + 300 h on ZGZ-MOW-ERC
    expect((train as Train & { eta: string }).eta).toBe(planned);
    const consignment = await book(exporterA, 2);
    await json(await load(train.id, [consignment.vehicles[0]!.vin, consignment.vehicles[1]!.vin]), 201);
    const eta = async () =>
      (
        (await json<Consignment>(
          await api.request(`/api/v1/consignments/${consignment.id}`, { token: operator.token }),
          200,
        )) as Consignment & {
          eta: string | null;
        }
      ).eta;
    expect(await eta()).toBe(planned);

    await json(
      await api.request(`/api/v1/trains/${train.id}`, {
        method: 'PATCH',
        token: operator.token,
        json: { plannedDepartureAt: '2024-03-21T09:30:00+08:00' },
      }),
      200,
    );
    expect(await eta()).toBe('2024-04-02T13:30:00.000Z');

    for (const vehicle of consignment.vehicles) {
      expect(
        (
          await api.request(`/api/v1/trains/${train.id}/loadings/${vehicle.vin}`, {
            method: 'DELETE',
            token: operator.token,
          })
        ).status,
      ).toBe(204);
    }
    expect(await eta()).toBeNull();
  });

  it('honours If-Match on trains and consignments with 412 on a stale version', async () => {
    const train = await newTrain();
    const stale = await api.request(`/api/v1/trains/${train.id}`, {
      method: 'PATCH',
      token: operator.token,
      headers: { 'if-match': `"${train.version + 1}"` },
      json: { plannedDepartureAt: '2024-03-21T09:30:00+08:00' },
    });
    expect(stale.status).toBe(412);
    const moved = await api.request(`/api/v1/trains/${train.id}`, {
      method: 'PATCH',
      token: operator.token,
      headers: { 'if-match': `"${train.version}"` },
      json: { plannedDepartureAt: '2024-03-21T09:30:00+08:00' },
    });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).toBe(`"${train.version + 1}"`);
    expect(((await moved.json()) as { plannedDepartureAt: string }).plannedDepartureAt).toBe(
      '2024-03-21T01:30:00.000Z',
    );

    const consignment = await book(exporterA, 1);
    const update = { consignee: { name: 'Rolf Import LLC', country: 'RU' } };
    const outdated = await api.request(`/api/v1/consignments/${consignment.id}`, {
      method: 'PATCH',
      token: exporterA.token,
      headers: { 'if-match': '"99"' },
      json: update,
    });
    expect(outdated.status).toBe(412);
    const changed = await json<{ consignee: { name: string }; version: number }>(
      await api.request(`/api/v1/consignments/${consignment.id}`, {
        method: 'PATCH',
        token: exporterA.token,
        headers: { 'if-match': `"${consignment.version}"` },
        json: update,
      }),
      200,
    );
    expect(changed).toEqual(
      expect.objectContaining({ consignee: expect.objectContaining({ name: 'Rolf Import LLC' }), version: 2 }),
    );
    expect(
      (
        await api.request(`/api/v1/consignments/${consignment.id}`, {
          method: 'PATCH',
          token: exporterB.token,
          json: update,
        })
      ).status,
    ).toBe(404);
  });

  it('pages consignments newest first without gaps or repeats', async () => {
    const exporter = await createActor(api, 'exporter');
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await book(exporter, 1)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Consignment[]; nextCursor: string | null } = await json(
        await api.request(`/api/v1/consignments?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
          token: exporter.token,
        }),
        200,
      );
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
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
    const pageOf = async (cursor?: string) =>
      json<{ items: Consignment[]; nextCursor: string | null }>(
        await api.request(`/api/v1/consignments?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
          token: exporter.token,
        }),
        200,
      );
    const first = await pageOf();
    expect(first.items.map((c) => c.id)).toEqual([newer.id]);
    const second = await pageOf(first.nextCursor!);
    expect(second.items.map((c) => c.id)).toEqual([older.id]);

    // Trains page by planned departure, which a client may give to the microsecond.
    const departures = ['2031-05-01T00:00:00.000400Z', '2031-05-01T00:00:00.000500Z'];
    const trains = [];
    for (const plannedDepartureAt of departures) trains.push(await newTrain({ plannedDepartureAt }));
    const trainPage = async (cursor?: string) =>
      json<{ items: Train[]; nextCursor: string | null }>(
        await api.request(`/api/v1/trains?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
          token: operator.token,
        }),
        200,
      );
    const latest = await trainPage();
    expect(latest.items.map((t) => t.id)).toEqual([trains[1]!.id]);
    expect((await trainPage(latest.nextCursor!)).items.map((t) => t.id)).toEqual([trains[0]!.id]);
  });
});
