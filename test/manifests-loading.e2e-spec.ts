import { randomUUID } from 'node:crypto';
import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { Consignment, StatusEvent, WagonInput } from './support/api-types.js';
import { aConsignment, aContainerNumber, aTrain, aUicWagonNumber, aVehicle } from './support/factories.js';
import { statusFeed } from './support/status-feed.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const problemType = (slug: string) => `https://landbridge.dev/problems/${slug}`;

/** A flat at `position` carrying two 20-foot containers. */
const aFlat = (position: number): WagonInput => ({
  position,
  number: aUicWagonNumber(),
  gauge: 1435,
  kind: 'flat',
  capacityTeu: 2,
  containers: [aContainerNumber(), aContainerNumber()].map((number) => ({ number, sizeType: '22G1' })),
});

/** A loading list's CSV text: a header and rows. */
const csvOf = (header: string[], rows: string[][]) => [header, ...rows].map((row) => row.join(',')).join('\r\n');

/** A container number with a wrong check digit. */
const corrupted = (number: string) => `${number.slice(0, 10)}${(Number(number[10]) + 1) % 10}`;

describe('POST /trains/:id/manifests/loading-list', () => {
  let api: TestApp;
  let exporter: Actor;
  let staff: ApiClient;

  beforeAll(async () => {
    api = await startTestApp();
    staff = api.as(await createActor(api, 'operator'));
    exporter = await createActor(api, 'exporter');
  });
  afterAll(() => api.close());

  const book = async (vehicles: number): Promise<Consignment> =>
    api.as(exporter).bookConsignment(aConsignment(0, { vehicles: Array.from({ length: vehicles }, () => aVehicle()) }));

  /** A planned train with a consist of `flats` flats (two containers each). */
  const trainWithConsist = async (flats: number) => {
    const train = await staff.createTrain(aTrain());
    const wagons = Array.from({ length: flats }, (_, i) => aFlat(i + 1));
    await staff.putConsist(train.id, { wagons });
    const containers = wagons.flatMap((wagon) => wagon.containers!.map((c) => ({ container: c.number, wagon })));
    return { train, wagons, containers };
  };

  it('loads a whole 120-container train with a consist in one request', async () => {
    const { train, containers } = await trainWithConsist(60);
    const consignments = [await book(80), await book(80), await book(80)];
    const vins = consignments.flatMap((c) => c.vehicles.map((v) => v.vin));
    const rows = vins.map((vin, i) => {
      const { container, wagon } = containers[i % 120]!;
      return [vin, 'container', container, wagon.number];
    });

    const result = await staff.uploadLoadingList(
      train.id,
      csvOf(['VIN', 'Тип единицы', '箱号/车号', 'wagon number'], rows),
    );

    expect(result).toEqual({ trainId: train.id, loaded: 240, units: 120 });
    expect((await staff.getTrain(train.id)).status).toBe('loading');
    for (const consignment of consignments) {
      expect((await staff.getConsignment(consignment.id)).status).toBe('loaded');
    }
    const first = await staff.getVehicle(vins[0]!);
    expect(first.unit).toEqual({ kind: 'container', number: containers[0]!.container });
    expect(first.wagon).toEqual({ number: containers[0]!.wagon.number, gauge: 1435 });
    const last = await staff.getVehicle(vins[239]!);
    expect(last.unit).toEqual({ kind: 'container', number: containers[119]!.container });
  });

  it('refuses a bad container check digit and a VIN of another train with 422 naming those rows, storing nothing; the dry run says the same', async () => {
    const other = await staff.createTrain(aTrain());
    const onOther = await book(1);
    await staff.load(other.id, {
      unit: { kind: 'container', number: aContainerNumber() },
      vins: [onOther.vehicles[0]!.vin],
    });
    const { train, containers } = await trainWithConsist(3);
    const consignment = await book(4);
    const [v1, v2, v3, v4] = consignment.vehicles.map((v) => v.vin) as [string, string, string, string];
    const badNumber = corrupted(containers[1]!.container);
    const csv = csvOf(
      ['vin', 'unitKind', 'unitNumber'],
      [
        [v1, 'container', containers[0]!.container],
        [v2, 'container', badNumber],
        [v3, 'container', containers[2]!.container],
        [onOther.vehicles[0]!.vin, 'container', containers[3]!.container],
        [v4, 'container', containers[4]!.container],
      ],
    );

    for (const dryRun of [true, false]) {
      const problem = await staff.uploadLoadingList(train.id, csv, { dryRun }).expectProblem(422);
      expect(problem.type).toBe(problemType('invalid-spreadsheet'));
      expect(problem.errorCount).toBe(2);
      expect(problem.errors?.map(({ row, column, value }) => ({ row, column, value }))).toEqual([
        { row: 3, column: 'unitNumber', value: badNumber },
        { row: 5, column: 'vin', value: onOther.vehicles[0]!.vin },
      ]);
      expect(problem.errors?.[1]?.message).toContain(other.trainNumber);
    }

    expect((await staff.getTrain(train.id)).status).toBe('planned');
    expect((await staff.getConsignment(consignment.id)).status).toBe('booked');
    expect((await staff.getVehicle(v1)).unit).toBeNull();
    expect((await staff.getVehicle(onOther.vehicles[0]!.vin)).train?.id).toBe(other.id);
  });

  it('answers a dry run of a good file with 200 and what it would load, storing nothing', async () => {
    const { train, containers } = await trainWithConsist(1);
    const consignment = await book(2);
    const csv = csvOf(
      ['vin', 'unitKind', 'unitNumber'],
      consignment.vehicles.map((v) => [v.vin, 'container', containers[0]!.container]),
    );

    expect(await staff.uploadLoadingList(train.id, csv, { dryRun: true })).toEqual({
      trainId: train.id,
      loaded: 2,
      units: 1,
    });
    expect((await staff.getConsignment(consignment.id)).status).toBe('booked');
    expect((await staff.getTrain(train.id)).status).toBe('planned');
  });

  it('re-imports a loaded train’s manifest as an identical loading list on a fresh train with the same consist', async () => {
    const first = await staff.createTrain(aTrain());
    const wagons = [aFlat(1), aFlat(2), { ...aFlat(3), containers: [] }];
    await staff.putConsist(first.id, { wagons });
    const consignment = await book(5);
    const vins = consignment.vehicles.map((v) => v.vin);
    const [c1, c2] = wagons[0]!.containers!.map((c) => c.number) as [string, string];
    const c3 = wagons[1]!.containers![0]!.number;
    await staff.load(first.id, { unit: { kind: 'container', number: c1 }, vins: vins.slice(0, 2) });
    await staff.load(first.id, { unit: { kind: 'container', number: c2 }, vins: vins.slice(2, 4) });
    await staff.load(first.id, { unit: { kind: 'container', number: c3 }, vins: vins.slice(4) });
    const manifest = await staff.trainManifest(first.id);

    // The first train is cancelled: its vehicles and containers are free for the fresh one.
    await staff.updateTrain(first.id, { status: 'cancelled' });
    const fresh = await staff.createTrain(aTrain());
    await staff.putConsist(fresh.id, { wagons });
    expect(await staff.uploadLoadingList(fresh.id, manifest)).toEqual({ trainId: fresh.id, loaded: 5, units: 3 });

    expect(await staff.trainManifest(fresh.id)).toBe(manifest);
  });

  it('writes the same consignment.status_changed events as JSON loadings', async () => {
    const viaJson = await book(2);
    const viaFile = await book(2);
    const jsonTrain = await staff.createTrain(aTrain());
    const fileTrain = await staff.createTrain(aTrain());
    await staff.load(jsonTrain.id, {
      unit: { kind: 'container', number: aContainerNumber() },
      vins: viaJson.vehicles.map((v) => v.vin),
    });
    const container = aContainerNumber();
    await staff.uploadLoadingList(
      fileTrain.id,
      csvOf(
        ['vin', 'unitKind', 'unitNumber'],
        viaFile.vehicles.map((v) => [v.vin, 'container', container]),
      ),
      { idempotencyKey: randomUUID() },
    );

    const events = await statusFeed(api, exporter);
    const of = (consignment: Consignment) =>
      events
        .filter((event: StatusEvent) => event.data.consignmentId === consignment.id)
        .map((event) => ({ previousStatus: event.data.previousStatus, status: event.data.status }));
    expect(of(viaJson)).toEqual([{ previousStatus: 'booked', status: 'loaded' }]);
    expect(of(viaFile)).toEqual(of(viaJson));
  });

  it('takes the loading list as multipart/form-data in its `file` field', async () => {
    const { train, containers } = await trainWithConsist(1);
    const consignment = await book(2);
    const form = new FormData();
    const csv = csvOf(
      ['车架号', '装载单元类型', '箱号/车号'],
      consignment.vehicles.map((v) => [v.vin, 'container', containers[0]!.container]),
    );
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'loading-list.csv');

    expect(await staff.uploadLoadingList(train.id, form)).toEqual({ trainId: train.id, loaded: 2, units: 1 });
    expect((await staff.getConsignment(consignment.id)).status).toBe('loaded');
    expect((await staff.getVehicle(consignment.vehicles[1]!.vin)).unit).toEqual({
      kind: 'container',
      number: containers[0]!.container,
    });
  });

  it('replays a loading list sent again with its Idempotency-Key, loading once; the key with another file is 422', async () => {
    const { train, containers } = await trainWithConsist(1);
    const consignment = await book(2);
    const other = await book(1);
    const key = randomUUID();
    const rowsFor = (c: Consignment) => c.vehicles.map((v) => [v.vin, 'container', containers[0]!.container]);
    const csv = csvOf(['vin', 'unitKind', 'unitNumber'], rowsFor(consignment));

    const first = await staff.uploadLoadingList(train.id, csv, { idempotencyKey: key });
    const again = staff.uploadLoadingList(train.id, csv, { idempotencyKey: key });
    expect(await again).toEqual(first);
    expect((await again.response).headers.get('idempotent-replayed')).toBe('true');

    const changed = await staff
      .uploadLoadingList(train.id, csvOf(['vin', 'unitKind', 'unitNumber'], rowsFor(other)), { idempotencyKey: key })
      .expectProblem(422);
    expect(changed.detail).toMatch(/idempotency/i);
    expect((await staff.getConsignment(other.id)).status).toBe('booked');

    const events = (await statusFeed(api, exporter)).filter((event) => event.data.consignmentId === consignment.id);
    expect(events.map((event) => event.data.status)).toEqual(['loaded']);
  });

  it('is for staff: an exporter gets 403 and nothing is loaded', async () => {
    const train = await staff.createTrain(aTrain());
    const consignment = await book(1);
    const csv = csvOf(
      ['vin', 'unitKind', 'unitNumber'],
      [[consignment.vehicles[0]!.vin, 'container', aContainerNumber()]],
    );
    await api.as(exporter).uploadLoadingList(train.id, csv).expectProblem(403);
    expect((await staff.getConsignment(consignment.id)).status).toBe('booked');
  });
});
