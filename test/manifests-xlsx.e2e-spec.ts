import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { Problem } from './support/api-types.js';
import { aConsignment, aContainerNumber, aTrain } from './support/factories.js';
import { COLUMNS, consignments, expectSameAsJson, renumbered, rowsOf } from './support/manifest-files.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { XLSX_TYPE, xlsxOf } from './support/xlsx-files.js';

/** Column index of the declared value in a manifest row. */
const DECLARED_VALUE = 10;

/** A consignment manifest as XLSX: headers in `language`, the declared value as a number cell. */
const manifestXlsx = (rows: string[][], language: 0 | 1 | 2) =>
  xlsxOf([
    COLUMNS.map((names) => names[language]),
    ...rows.map((row) => row.map((value, i) => (i === DECLARED_VALUE ? Number(value) : value))),
  ]);

/** A multipart form with `bytes` as its `file`. */
function formWith(bytes: Buffer, name: string, type = XLSX_TYPE): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return form;
}

const at = (problem: Problem) => problem.errors!.map(({ row, column, value }) => ({ row, column, value }));

describe('manifests: XLSX uploads', () => {
  let api: TestApp;
  let staff: ApiClient;

  beforeAll(async () => {
    api = await startTestApp();
    staff = api.as(await createActor(api, 'operator'));
  });
  afterAll(() => api.close());

  const anExporter = async (): Promise<{ actor: Actor; client: ApiClient }> => {
    const actor = await createActor(api, 'exporter');
    return { actor, client: api.as(actor) };
  };

  it('books 300 vehicles from an XLSX body with Chinese headers exactly as the JSON bookings would', async () => {
    const { client } = await anExporter();
    const json = consignments(10, 30);
    const file = renumbered(json);
    await expectSameAsJson(client, json, file, await manifestXlsx(rowsOf(file), 1));
  });

  it('books an XLSX sent as multipart `file` (Russian headers) exactly as JSON would, for staff', async () => {
    const { actor, client } = await anExporter();
    const json = consignments(12, 25, actor.organizationId);
    const file = renumbered(json);
    const bytes = await manifestXlsx(rowsOf(file), 2);
    await expectSameAsJson(staff, json, file, formWith(bytes, 'manifest.xlsx'));
    expect((await client.listConsignments({ limit: 200 })).items).toHaveLength(24);
  });

  it('knows a multipart XLSX by its zip signature when neither its name nor its type says so', async () => {
    const { client } = await anExporter();
    const bytes = await manifestXlsx(rowsOf(consignments(2, 3)), 0);
    const booked = await client.bookConsignmentManifest(formWith(bytes, 'upload', 'application/octet-stream'));
    expect(booked).toMatchObject({ consignments: 2, vehicles: 6 });
  });

  it('names bad rows by the sheet’s row numbers and the file’s columns; nothing is stored; the dry run says the same', async () => {
    const { client } = await anExporter();
    const rows = rowsOf(consignments(1, 4));
    rows[1]![6] = `${rows[1]![6]!.slice(0, 16)}!`;
    rows[3]![4] = 'CNXXX';
    const header = COLUMNS.map((names) => names[1]);
    // An empty row between the header and the data: the sheet numbers the data rows 3 to 6.
    const bytes = await xlsxOf([header, [], ...rows]);
    for (const dryRun of [false, true]) {
      const problem = await client.bookConsignmentManifest(bytes, { dryRun }).expectProblem(422);
      expect(problem.type).toBe('https://landbridge.dev/problems/invalid-spreadsheet');
      expect(at(problem)).toEqual([
        { row: 4, column: '车架号', value: rows[1]![6] },
        { row: 6, column: '发站', value: 'CNXXX' },
      ]);
    }
    expect((await client.listConsignments()).items).toHaveLength(0);
  });

  it('refuses an XLSX that is not a workbook with 422 on the file field, and one over 20 MiB with 413', async () => {
    const problem = await staff.bookConsignmentManifest(Buffer.from('PK\u0003\u0004 not really')).expectProblem(422);
    expect(problem.errors).toEqual([
      expect.objectContaining({ field: 'file', column: 'file', message: expect.stringContaining('bad-zip') }),
    ]);
    const huge = Buffer.alloc(20 * 1024 * 1024 + 1);
    huge.write('PK\u0003\u0004');
    await staff.bookConsignmentManifest(huge).expectProblem(413);
    await staff.bookConsignmentManifest(formWith(huge, 'huge.xlsx')).expectProblem(413);
  });

  describe('loading lists', () => {
    it('loads a train from an XLSX loading list (wagon numbers as number cells), and names a bad row', async () => {
      const { client } = await anExporter();
      const booked = await client.bookConsignment(aConsignment(40));
      const vins = booked.vehicles.map((v) => v.vin);
      const containers = Array.from({ length: 10 }, () => aContainerNumber());
      const header = ['VIN', 'Тип единицы', '箱号/车号', '车皮号'];
      const rows = vins.map((vin, i) => [vin, 'container', containers[i % 10]!]);

      const train = await staff.createTrain(aTrain());
      const bad = [...rows];
      bad[7] = [vins[7]!, 'container', `${containers[7]!.slice(0, 10)}${(Number(containers[7]![10]) + 1) % 10}`];
      const problem = await staff.uploadLoadingList(train.id, await xlsxOf([header, ...bad])).expectProblem(422);
      expect(at(problem)).toEqual([{ row: 9, column: '箱号/车号', value: bad[7][2] }]);

      const result = await staff.uploadLoadingList(train.id, await xlsxOf([header, ...rows]));
      expect(result).toEqual({ trainId: train.id, loaded: 40, units: 10 });
      expect((await staff.getConsignment(booked.id)).status).toBe('loaded');
      expect((await staff.getVehicle(vins[13]!)).unit).toEqual({ kind: 'container', number: containers[3] });

      const other = await staff.createTrain(aTrain());
      const wagonProblem = await staff
        .uploadLoadingList(
          other.id,
          formWith(await xlsxOf([header, [vins[0]!, 'container', containers[0]!, 33123456]]), 'list.xlsx'),
        )
        .expectProblem(422);
      expect(wagonProblem.errors).toContainEqual(
        expect.objectContaining({ row: 2, column: '车皮号', value: '33123456' }),
      );
    });
  });
});
