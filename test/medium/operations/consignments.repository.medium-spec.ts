import { ALL_TENANTS, type Caller, scopeOf, type TenantScope } from '@landbridge/common';
import {
  VinAlreadyBookedError,
  WaybillTakenError,
} from '../../../libs/operations/src/consignments/consignment-errors.js';
import { aVehicle, aWaybillNumber } from '../../support/factories.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { aBookedConsignment, aContainer, anExporter, aPlannedTrain, operationsOn } from './operations-fixtures.js';

const exporter = (organizationId: string): TenantScope =>
  scopeOf({ userId: 'u', role: 'exporter', organizationId, credential: { kind: 'token' } } satisfies Caller);

interface Document {
  id: string;
  exporterId: string;
  status: string;
  trainId: string | null;
  vehicles: { vin: string; status: string; unit: { kind: string; number: string } | null }[];
}

describe('ConsignmentsRepository on a real database', () => {
  let db: MediumDatabase;
  let ops: ReturnType<typeof operationsOn>;
  let exporterA: string;
  let exporterB: string;

  beforeAll(async () => {
    db = await openMediumDatabase();
    ops = operationsOn(db.dataSource);
    exporterA = await anExporter(db.dataSource);
    exporterB = await anExporter(db.dataSource);
  });
  afterAll(() => db.close());

  it('books a consignment with its vehicles, read back as its JSON document by staff and its exporter only', async () => {
    const { id, vins } = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterA, 3);

    const forStaff = await ops.consignmentRows.findDocument(id, ALL_TENANTS);
    const forOwner = await ops.consignmentRows.findDocument(id, exporter(exporterA));
    const forOther = await ops.consignmentRows.findDocument(id, exporter(exporterB));

    const document = JSON.parse(forStaff!.json) as Document;
    expect(document).toMatchObject({ id, exporterId: exporterA, status: 'booked', trainId: null });
    expect(document.vehicles.map((v) => v.vin)).toEqual(vins); // in booking order
    expect(forStaff!.json).toBe(JSON.stringify(document)); // compact
    expect(forStaff!.version).toBe(1);
    expect(forOwner).toEqual(forStaff);
    expect(forOther).toBeUndefined();
  });

  it('refuses a waybill number booked before (WaybillTakenError) and a VIN booked before (VinAlreadyBookedError)', async () => {
    const booked = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterA, 1);
    const waybillNumber = aWaybillNumber();
    const book = (vins: string[], waybill = aWaybillNumber()) =>
      db.dataSource.transaction((em) =>
        ops.consignmentRows.insert(em, {
          waybillNumber: waybill,
          exporterId: exporterA,
          consignee: { name: 'Avtodom Trading LLC', country: 'RU' },
          originStationCode: 'CNZGZ',
          destinationStationCode: 'RUMOW',
          vehicles: vins.map((vin) => aVehicle({ vin })),
        }),
      );
    await book([aVehicle().vin], waybillNumber);

    const again = book([aVehicle().vin], waybillNumber);
    await expect(again).rejects.toBeInstanceOf(WaybillTakenError);
    await expect(again).rejects.toMatchObject({ waybillNumber, status: 409 });
    const fresh = aVehicle().vin;
    const taken = book([fresh, booked.vins[0]!]);
    await expect(taken).rejects.toBeInstanceOf(VinAlreadyBookedError);
    await expect(taken).rejects.toMatchObject({ taken: [{ vin: booked.vins[0], index: 1 }] });
    expect(await db.dataSource.query('SELECT vin FROM vehicles WHERE vin = $1', [fresh])).toEqual([]);
  });

  it('books many consignments (a manifest) in file order, vehicles in booking order, and names a waybill or VIN taken', async () => {
    const inputs = [3, 1, 2].map((count) => ({
      waybillNumber: aWaybillNumber(),
      exporterId: exporterA,
      consignee: { name: '=HYPERLINK("x")', country: 'RU' },
      originStationCode: 'CNZGZ',
      destinationStationCode: 'RUMOW',
      vehicles: Array.from({ length: count }, () => aVehicle()),
    }));
    const ids = await db.dataSource.transaction((em) => ops.consignmentRows.insertMany(em, inputs));
    const documents = await Promise.all(ids.map((id) => ops.consignmentRows.findDocument(id, ALL_TENANTS)));
    expect(documents.map((d) => (JSON.parse(d!.json) as { waybillNumber: string }).waybillNumber)).toEqual(
      inputs.map((input) => input.waybillNumber),
    );
    expect(documents.map((d) => (JSON.parse(d!.json) as Document).vehicles.map((v) => v.vin))).toEqual(
      inputs.map((input) => input.vehicles.map((v) => v.vin)),
    );
    expect(
      await ops.consignmentRows.takenWaybills(db.dataSource.manager, [inputs[1]!.waybillNumber, 'NOPE000001']),
    ).toEqual([inputs[1]!.waybillNumber]);

    const again = (overrides: object) =>
      db.dataSource.transaction((em) =>
        ops.consignmentRows.insertMany(em, [
          { ...inputs[0]!, waybillNumber: aWaybillNumber(), vehicles: [aVehicle()], ...overrides },
        ]),
      );
    await expect(again({ waybillNumber: inputs[2]!.waybillNumber })).rejects.toThrow(WaybillTakenError);
    await expect(again({ vehicles: [aVehicle(), inputs[1]!.vehicles[0]!] })).rejects.toThrow(VinAlreadyBookedError);
  });

  it('pages documents newest first by keyset, scoped to the exporter and filtered', async () => {
    const mine = [];
    for (let i = 0; i < 3; i++) mine.push(await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterB, 1));
    const train = await aPlannedTrain(ops.trainRows);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: mine[0]!.vins });
    const expected = await db.dataSource.query<{ id: string }[]>(
      'SELECT id FROM consignments WHERE exporter_id = $1 ORDER BY created_at DESC, id DESC',
      [exporterB],
    );

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = JSON.parse(await ops.consignmentRows.pageDocuments(exporter(exporterB), {}, 2, cursor)) as {
        items: Document[];
        nextCursor: string | null;
      };
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const onTrain = JSON.parse(
      await ops.consignmentRows.pageDocuments(ALL_TENANTS, { trainId: train.id, status: 'loaded' }, 10, undefined),
    ) as { items: Document[] };
    const loadedOfA = JSON.parse(
      await ops.consignmentRows.pageDocuments(exporter(exporterA), { status: 'loaded' }, 10, undefined),
    ) as { items: Document[] };

    expect(seen).toEqual(expected.map((row) => row.id));
    expect(onTrain.items.map((item) => [item.id, item.trainId, item.vehicles[0]!.unit?.kind])).toEqual([
      [mine[0]!.id, train.id, 'container'],
    ]);
    expect(loadedOfA.items).toEqual([]);
  });

  it('finds a vehicle with its consignment, train and ETA, for staff and its exporter only', async () => {
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterA, 1);
    const train = await aPlannedTrain(ops.trainRows);
    const unit = aContainer();
    await ops.loadings.load(train.id, { unit, vins: consignment.vins });
    const vin = consignment.vins[0]!;

    expect(await ops.consignmentRows.findVehicle(vin, exporter(exporterA))).toMatchObject({
      vin,
      status: 'loaded',
      unitKind: 'container',
      unitNumber: unit.number,
      consignmentId: consignment.id,
      train: { id: train.id, trainNumber: train.trainNumber, plannedDepartureAt: train.plannedDepartureAt },
      eta: train.eta,
      amount: '152000.00',
      currency: 'CNY',
    });
    expect(await ops.consignmentRows.findVehicle(vin, exporter(exporterB))).toBeUndefined();
  });

  it("reads a consignment's journey and train, scoped, and the VINs it has", async () => {
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterA, 2);
    const booked = await ops.consignmentRows.journeyOf(consignment.id, ALL_TENANTS);
    const train = await aPlannedTrain(ops.trainRows);
    await ops.loadings.load(train.id, { unit: aContainer(), vins: consignment.vins });

    expect(booked).toEqual({
      id: consignment.id,
      trainId: null,
      destinationStationCode: 'RUMOW',
      routeCode: null,
      plannedDepartureAt: null,
    });
    expect(await ops.consignmentRows.journeyOf(consignment.id, exporter(exporterA))).toEqual({
      id: consignment.id,
      trainId: train.id,
      destinationStationCode: 'RUMOW',
      routeCode: 'ZGZ-MOW-ERC',
      plannedDepartureAt: train.plannedDepartureAt,
    });
    expect(await ops.consignmentRows.journeyOf(consignment.id, exporter(exporterB))).toBeUndefined();
    expect(await ops.consignmentRows.trainOf(consignment.id, ALL_TENANTS)).toEqual({
      trainId: train.id,
      exporterId: exporterA,
    });
    expect(await ops.consignmentRows.trainOf(consignment.id, exporter(exporterB))).toBeUndefined();
    const other = aVehicle().vin;
    expect(
      await db.dataSource.transaction((em) =>
        ops.consignmentRows.vinsOf(em, consignment.id, [consignment.vins[1]!, other]),
      ),
    ).toEqual(new Set([consignment.vins[1]]));
    expect(await db.dataSource.transaction((em) => ops.consignmentRows.onTrain(em, train.id))).toEqual([
      {
        id: consignment.id,
        status: 'loaded',
        destinationStationCode: 'RUMOW',
        currentStationCode: null,
        eta: train.eta,
        exporterId: exporterA,
      },
    ]);
  });

  it('locks a consignment for an edit (scoped) and changes its consignee', async () => {
    const consignment = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterA, 1);

    const other = await db.dataSource.transaction((em) =>
      ops.consignmentRows.lockForEdit(em, consignment.id, exporter(exporterB)),
    );
    const locked = await db.dataSource.transaction(async (em) => {
      const current = await ops.consignmentRows.lockForEdit(em, consignment.id, exporter(exporterA));
      await ops.consignmentRows.updateConsignee(em, consignment.id, { name: 'Rolf Import', country: 'KZ' });
      return current;
    });

    expect(other).toBeUndefined();
    expect(locked).toEqual({
      status: 'booked',
      version: 1,
      consignee: { name: 'Avtodom Trading LLC', country: 'RU' },
    });
    expect(JSON.parse((await ops.consignmentRows.findDocument(consignment.id, ALL_TENANTS))!.json)).toMatchObject({
      consignee: { name: 'Rolf Import', country: 'KZ' },
      version: 2,
    });
  });

  const collect = async <T>(rows: AsyncIterable<T>): Promise<T[]> => {
    const all: T[] = [];
    for await (const row of rows) all.push(row);
    return all;
  };

  it('reads vehicleRows (the consignments as CSV) page by page by keyset, in booking order, scoped to the exporter', async () => {
    // Two exporters of its own: the file's have the other tests' consignments.
    const [exporterC, exporterD] = [await anExporter(db.dataSource), await anExporter(db.dataSource)];
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterC, 3));
    const theirs = await aBookedConsignment(db.dataSource, ops.consignmentRows, exporterD, 2);
    const scopeC = exporter(exporterC);

    // Two consignments a page: the five of C take three pages, the last one short.
    const rows = await collect(ops.consignmentRows.vehicleRows(scopeC, {}, 2));

    expect(rows.map((row) => row.vin)).toEqual(mine.reverse().flatMap((consignment) => consignment.vins));
    expect(rows.every((row) => row.exporterId === exporterC)).toBe(true);
    const forStaff = await collect(ops.consignmentRows.vehicleRows(ALL_TENANTS, {}, 2));
    expect(forStaff.map((row) => row.vin)).toEqual(
      expect.arrayContaining([...theirs.vins, ...rows.map((r) => r.vin!)]),
    );
  });
});
