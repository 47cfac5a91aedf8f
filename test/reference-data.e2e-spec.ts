import { createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import type { StationUpdate } from './support/api-types.js';
import { aStation } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('reference data', () => {
  let api: TestApp;
  let exporter: ApiClient;
  beforeAll(async () => {
    api = await startTestApp();
    exporter = api.as(await createActor(api, 'exporter'));
  });
  afterAll(() => api.close());

  it('lists the twelve seeded stations of the corridor', async () => {
    const body = await exporter.listStations({ limit: 200 });
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((s) => s.code)).toEqual([
      'CNAKL',
      'CNERC',
      'CNMLX',
      'CNZGZ',
      'KZDOS',
      'MNULN',
      'MNZUU',
      'RUMOW',
      'RUNKI',
      'RUOVB',
      'RUYEK',
      'RUZBK',
    ]);
  });

  it('pages through stations with an opaque cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const body = await exporter.listStations({ limit: 5, cursor });
      seen.push(...body.items.map((s) => s.code));
      cursor = body.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });

  it('shows a station with its gauge, kind and time zone, and an ETag of its version', async () => {
    const call = exporter.getStation('MNZUU');
    expect(await call).toEqual({
      code: 'MNZUU',
      name: 'Zamyn-Uud',
      localName: 'Замын-Үүд',
      country: 'MN',
      gauge: 1520,
      kind: 'border',
      timezone: 'Asia/Ulaanbaatar',
      version: 1,
    });
    expect((await call.response).headers.get('etag')).toBe('"1"');
  });

  it('answers 404 problem+json for an unknown station', async () => {
    const problem = await exporter.getStation('XXABC').expectProblem(404);
    expect(problem.detail).toContain('XXABC');
  });

  it('gives the Erenhot route its eight stops in order with the gauge change at Zamyn-Uud', async () => {
    const route = await exporter.getRoute('ZGZ-MOW-ERC');
    expect(route.stops.map((s) => [s.sequence, s.stationCode, s.plannedHoursFromOrigin, s.gaugeChange])).toEqual([
      [1, 'CNZGZ', 0, false],
      [2, 'CNERC', 40, false],
      [3, 'MNZUU', 52, true],
      [4, 'MNULN', 70, false],
      [5, 'RUNKI', 96, false],
      [6, 'RUOVB', 170, false],
      [7, 'RUYEK', 230, false],
      [8, 'RUMOW', 300, false],
    ]);
  });

  it('lists the three corridor routes with their stops, paged one at a time', async () => {
    const first = await exporter.listRoutes({ limit: 2 });
    expect(first.items.map((r) => [r.code, r.stops.length])).toEqual([
      ['ZGZ-MOW-AKL', 6],
      ['ZGZ-MOW-ERC', 8],
    ]);
    const second = await exporter.listRoutes({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((r) => r.code)).toEqual(['ZGZ-MOW-MLX']);
    expect(second.items[0]!.stops.find((s) => s.gaugeChange)?.stationCode).toBe('RUZBK');
    expect(second.nextCursor).toBeNull();
  });
});

describe('reference data administration', () => {
  let api: TestApp;
  let admin: ApiClient;
  const vorsino = aStation();
  beforeAll(async () => {
    api = await startTestApp();
    admin = await api.asAdmin();
  });
  afterAll(() => api.close());

  it('creates a station once; a second one with the same code is a 409', async () => {
    const created = admin.createStation(vorsino);
    expect(await created).toEqual({ ...vorsino, version: 1 });
    expect((await created.response).headers.get('etag')).toBe('"1"');
    await admin.createStation(vorsino).expectStatus(409);
  });

  it('refuses a station code that does not start with its country', async () => {
    const problem = await admin.createStation({ ...vorsino, code: 'KZSEL' }).expectStatus(422);
    expect(problem.errors![0]!.field).toBe('code');
  });

  it('replaces a station with If-Match; a stale ETag gets 412 and changes nothing', async () => {
    const { code: _code, country: _country, ...fields } = vorsino;
    const etag = (await admin.getStation('CNERC').response).headers.get('etag')!;
    const update: StationUpdate = {
      ...fields,
      name: 'Erenhot (Erlian)',
      localName: '二连浩特',
      gauge: 1435,
      kind: 'border',
      timezone: 'Asia/Shanghai',
    };
    const updated = admin.replaceStation('CNERC', update, { ifMatch: etag });
    expect((await updated).name).toBe('Erenhot (Erlian)');
    expect((await updated.response).headers.get('etag')).toBe('"2"');

    await admin.replaceStation('CNERC', { ...update, name: 'Overwritten' }, { ifMatch: etag }).expectStatus(412);
    const after = await admin.getStation('CNERC');
    expect(after).toEqual(expect.objectContaining({ name: 'Erenhot (Erlian)', version: 2 }));
  });

  it('creates a route whose stops are known stations in increasing order', async () => {
    await admin.createRoute({
      code: 'ZGZ-MOW-ERC-FAST',
      name: 'Zhengzhou – Moscow via Erenhot, express',
      stops: [
        { sequence: 10, stationCode: 'CNZGZ', plannedHoursFromOrigin: 0, gaugeChange: false },
        { sequence: 20, stationCode: 'CNERC', plannedHoursFromOrigin: 36, gaugeChange: false },
        { sequence: 30, stationCode: 'MNZUU', plannedHoursFromOrigin: 46.5, gaugeChange: true },
        { sequence: 40, stationCode: 'RUMOW', plannedHoursFromOrigin: 260, gaugeChange: false },
      ],
    });
    const route = await admin.getRoute('ZGZ-MOW-ERC-FAST');
    expect(route.stops.map((s) => s.plannedHoursFromOrigin)).toEqual([0, 36, 46.5, 260]);
  });

  it('refuses a route with an unknown station or decreasing hours, naming the stop, and stores nothing', async () => {
    const problem = await admin
      .createRoute({
        code: 'ZGZ-BAD',
        name: 'Broken',
        stops: [
          { sequence: 1, stationCode: 'CNZGZ', plannedHoursFromOrigin: 0, gaugeChange: false },
          { sequence: 2, stationCode: 'XXNOP', plannedHoursFromOrigin: 40, gaugeChange: false },
          { sequence: 3, stationCode: 'RUMOW', plannedHoursFromOrigin: 30, gaugeChange: false },
        ],
      })
      .expectStatus(422);
    expect(problem.errors).toEqual([
      { field: 'stops[1].stationCode', message: 'station XXNOP does not exist' },
      { field: 'stops[2].plannedHoursFromOrigin', message: 'must be greater than 40' },
    ]);
    await admin.getRoute('ZGZ-BAD').expectStatus(404);
  });

  it('refuses a duplicate route code with 409', async () => {
    await admin
      .createRoute({
        code: 'ZGZ-MOW-ERC',
        name: 'Again',
        stops: [
          { sequence: 1, stationCode: 'CNZGZ', plannedHoursFromOrigin: 0, gaugeChange: false },
          { sequence: 2, stationCode: 'RUMOW', plannedHoursFromOrigin: 300, gaugeChange: false },
        ],
      })
      .expectStatus(409);
  });
});
