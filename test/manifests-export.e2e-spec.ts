import { parse } from 'csv-parse/sync';
import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { Consignment } from './support/api-types.js';
import {
  aConsignment,
  aContainerNumber,
  aFlatCarrying,
  aTrain,
  aUicWagonNumber,
  aVehicle,
  aVin,
} from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const problemType = (slug: string) => `https://landbridge.dev/problems/${slug}`;

/** A CSV download as rows of cells (fetch's text() has dropped the byte order mark). */
function rowsOf(csv: string): string[][] {
  return parse(csv);
}

/** Rows as objects keyed by the header row. */
function recordsOf(csv: string): Record<string, string>[] {
  const [header, ...rows] = rowsOf(csv);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

describe('manifests out: a train’s manifest and the consignments as CSV', () => {
  let api: TestApp;
  let operator: Actor;
  let exporterA: Actor;
  let exporterB: Actor;
  let staff: ApiClient;
  let nameA: string;
  let nameB: string;

  beforeAll(async () => {
    api = await startTestApp();
    // Named so that A sorts before B in the totals.
    nameA = `Exporter A ${aVin().slice(-6)}`;
    nameB = `Exporter B ${aVin().slice(-6)}`;
    [operator, exporterA, exporterB] = await Promise.all([
      createActor(api, 'operator'),
      createActor(api, 'exporter', nameA),
      createActor(api, 'exporter', nameB),
    ]);
    staff = api.as(operator);
  });
  afterAll(() => api.close());

  const book = (who: Actor, vehicles: ReturnType<typeof aVehicle>[], consigneeName = 'Avtodom Trading LLC') =>
    api.as(who).bookConsignment(aConsignment(0, { vehicles, consignee: { name: consigneeName, country: 'RU' } }));

  describe('GET /trains/:id/manifest', () => {
    it('lists the vehicles by wagon position, container and VIN, then the totals per exporter and currency', async () => {
      const train = await staff.createTrain(aTrain());
      const [c1, c2, c3] = [aContainerNumber(), aContainerNumber(), aContainerNumber()];
      const flat1 = aFlatCarrying(1, [c2]);
      const flat2 = aFlatCarrying(2, [c1, c3]);
      await staff.putConsist(train.id, { wagons: [flat2, flat1] });
      const a = await book(exporterA, [
        aVehicle({ declaredValue: { amount: '100000.50', currency: 'CNY' } }),
        aVehicle({ declaredValue: { amount: '200000.00', currency: 'CNY' } }),
        aVehicle({ declaredValue: { amount: '15000.00', currency: 'USD' } }),
      ]);
      const b = await book(exporterB, [aVehicle({ declaredValue: { amount: '99.99', currency: 'CNY' } })]);
      const [a1, a2, a3] = a.vehicles.map((vehicle) => vehicle.vin) as [string, string, string];
      const b1 = b.vehicles[0]!.vin;
      await staff.load(train.id, { unit: { kind: 'container', number: c1 }, vins: [a1] });
      await staff.load(train.id, { unit: { kind: 'container', number: c2 }, vins: [a2, a3] });
      await staff.load(train.id, { unit: { kind: 'container', number: c3 }, vins: [b1] });

      const call = staff.trainManifest(train.id);
      const csv = await call;
      const response = await call.response;
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="manifest-${train.trainNumber}.csv"`,
      );

      const raw = await api.request(`/api/v1/trains/${train.id}/manifest`, { token: operator.token });
      expect([...new Uint8Array(await raw.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

      const rows = rowsOf(csv);
      expect(rows[0]).toEqual([
        'wagonNumber',
        'unitKind',
        'unitNumber',
        'vin',
        'make',
        'model',
        'powertrain',
        'waybillNumber',
        'exporter',
        'consigneeName',
        'declaredValue',
        'currency',
        'vehicleCount',
      ]);
      const vehicleRow = (wagon: string, container: string, vin: string, consignment: Consignment, name: string) => {
        const vehicle = consignment.vehicles.find((v) => v.vin === vin)!;
        return [
          wagon,
          'container',
          container,
          vin,
          vehicle.make,
          vehicle.model,
          vehicle.powertrain,
          consignment.waybillNumber,
          name,
          'Avtodom Trading LLC',
          vehicle.declaredValue.amount,
          vehicle.declaredValue.currency,
          '',
        ];
      };
      const onFlat1 = [a2, a3].sort().map((vin) => vehicleRow(flat1.number, c2, vin, a, nameA));
      const onFlat2 = [[c1, a1, a, nameA] as const, [c3, b1, b, nameB] as const]
        .sort((x, y) => x[0].localeCompare(y[0]))
        .map(([container, vin, consignment, name]) => vehicleRow(flat2.number, container, vin, consignment, name));
      const total = (name: string, amount: string, currency: string, count: string) => [
        'TOTAL',
        ...Array<string>(7).fill(''),
        name,
        '',
        amount,
        currency,
        count,
      ];
      expect(rows.slice(1)).toEqual([
        ...onFlat1,
        ...onFlat2,
        Array<string>(13).fill(''),
        total(nameA, '300000.50', 'CNY', '2'),
        total(nameA, '15000.00', 'USD', '1'),
        total(nameB, '99.99', 'CNY', '1'),
      ]);
    });

    it('gives vehicles of a train without a consist an empty wagon, a car carrier its wagon as unit', async () => {
      const train = await staff.createTrain(aTrain());
      const consignment = await book(exporterA, [aVehicle(), aVehicle()]);
      const [v1, v2] = consignment.vehicles.map((vehicle) => vehicle.vin) as [string, string];
      const container = aContainerNumber();
      const carrier = aUicWagonNumber();
      await staff.load(train.id, { unit: { kind: 'container', number: container }, vins: [v1] });
      await staff.load(train.id, { unit: { kind: 'wagon', number: carrier }, vins: [v2] });

      const records = recordsOf(await staff.trainManifest(train.id, 'text/csv'));
      const vehicles = records.filter((record) => record.vin);
      expect(vehicles.map((r) => [r.wagonNumber, r.unitKind, r.unitNumber, r.vin])).toEqual(
        [
          ['', 'container', container, v1],
          ['', 'wagon', carrier, v2],
        ].sort((x, y) => x[2]!.localeCompare(y[2]!)),
      );
    });

    it('escapes a cell that a spreadsheet would run as a formula', async () => {
      const train = await staff.createTrain(aTrain());
      const formula = '=HYPERLINK("http://evil.example/x","open")';
      const consignment = await book(exporterA, [aVehicle({ model: '+Song' })], formula);
      await staff.load(train.id, {
        unit: { kind: 'container', number: aContainerNumber() },
        vins: [consignment.vehicles[0]!.vin],
      });

      const [record] = recordsOf(await staff.trainManifest(train.id));
      expect(record!.consigneeName).toBe(`'${formula}`);
      expect(record!.model).toBe("'+Song");
      const [listed] = recordsOf(await api.as(exporterA).consignmentsCsv({ waybillNumber: consignment.waybillNumber }));
      expect(listed!.consigneeName).toBe(`'${formula}`);
    });

    it('answers an empty train with the header only, another format than CSV or XLSX with 406, an unknown train 404, an exporter 403', async () => {
      const train = await staff.createTrain(aTrain());
      expect(rowsOf(await staff.trainManifest(train.id, '*/*'))).toHaveLength(1);

      const pdf = await staff.trainManifest(train.id, 'application/pdf').expectProblem(406);
      expect(pdf.type).toBe(problemType('not-acceptable'));
      await staff.trainManifest('00000000-0000-4000-8000-000000000000').expectProblem(404);
      await api.as(exporterA).trainManifest(train.id).expectProblem(403);
    });
  });

  describe('GET /consignments as CSV', () => {
    it('lists every vehicle of the matching consignments in the consignment template’s columns, scoped to the exporter', async () => {
      const ownA = await book(exporterA, [
        aVehicle(),
        aVehicle({ declaredValue: { amount: '7.50', currency: 'USD' } }),
      ]);
      const ownB = await book(exporterB, [aVehicle()]);

      const csv = await api.as(exporterA).consignmentsCsv();
      const [header] = rowsOf(csv);
      expect(header).toEqual([
        'waybillNumber',
        'exporterId',
        'consigneeName',
        'consigneeCountry',
        'originStationCode',
        'destinationStationCode',
        'vin',
        'make',
        'model',
        'powertrain',
        'declaredValue',
        'currency',
      ]);
      const records = recordsOf(csv);
      expect(records.every((record) => record.exporterId === exporterA.organizationId)).toBe(true);
      expect(records.map((record) => record.waybillNumber)).not.toContain(ownB.waybillNumber);
      expect(records.filter((record) => record.waybillNumber === ownA.waybillNumber)).toEqual(
        ownA.vehicles.map((vehicle) => ({
          waybillNumber: ownA.waybillNumber,
          exporterId: exporterA.organizationId,
          consigneeName: 'Avtodom Trading LLC',
          consigneeCountry: 'RU',
          originStationCode: 'CNZGZ',
          destinationStationCode: 'RUMOW',
          vin: vehicle.vin,
          make: vehicle.make,
          model: vehicle.model,
          powertrain: vehicle.powertrain,
          declaredValue: vehicle.declaredValue.amount,
          currency: vehicle.declaredValue.currency,
        })),
      );

      const forB = recordsOf(await api.as(exporterB).consignmentsCsv());
      expect(forB.map((record) => record.waybillNumber)).not.toContain(ownA.waybillNumber);
      expect(forB.map((record) => record.vin)).toContain(ownB.vehicles[0]!.vin);
      const forStaff = recordsOf(await staff.consignmentsCsv({ waybillNumber: ownB.waybillNumber }));
      expect(forStaff.map((record) => record.vin)).toEqual([ownB.vehicles[0]!.vin]);
    });

    it('ignores limit and cursor: every page of the filter, while JSON stays paginated', async () => {
      const train = await staff.createTrain(aTrain());
      const booked: Consignment[] = [];
      for (let i = 0; i < 3; i++) booked.push(await book(exporterA, [aVehicle()]));
      for (const consignment of booked) {
        await staff.load(train.id, {
          unit: { kind: 'container', number: aContainerNumber() },
          vins: [consignment.vehicles[0]!.vin],
        });
      }
      const page = await staff.listConsignments({ trainId: train.id, limit: 1 });
      expect(page.items).toHaveLength(1);

      const records = recordsOf(await staff.consignmentsCsv({ trainId: train.id, limit: 1 }));
      expect(records.map((record) => record.waybillNumber)).toEqual(
        booked.map((consignment) => consignment.waybillNumber).reverse(),
      );
    });
  });
});
