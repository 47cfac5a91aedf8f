import { createActor } from './support/actors.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface StationBody {
  code: string;
  name: string;
  gauge: number;
  kind: string;
}
interface RouteBody {
  code: string;
  stops: { sequence: number; stationCode: string; plannedHoursFromOrigin: number; gaugeChange: boolean }[];
}
interface PageBody<T> {
  items: T[];
  nextCursor: string | null;
}

describe('reference data', () => {
  let api: TestApp;
  let token: string;
  beforeAll(async () => {
    api = await startTestApp();
    token = (await createActor(api, 'exporter')).token;
  });
  afterAll(() => api.close());

  it('lists the twelve seeded stations of the corridor', async () => {
    const response = await api.request('/api/v1/stations?limit=200', { token });
    expect(response.status).toBe(200);
    const body = (await response.json()) as PageBody<StationBody>;
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
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const body = (await (
        await api.request(`/api/v1/stations?limit=5${query}`, { token })
      ).json()) as PageBody<StationBody>;
      seen.push(...body.items.map((s) => s.code));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });

  it('shows a station with its gauge, kind and time zone, and an ETag of its version', async () => {
    const response = await api.request('/api/v1/stations/MNZUU', { token });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(await response.json()).toEqual({
      code: 'MNZUU',
      name: 'Zamyn-Uud',
      localName: 'Замын-Үүд',
      country: 'MN',
      gauge: 1520,
      kind: 'border',
      timezone: 'Asia/Ulaanbaatar',
      version: 1,
    });
  });

  it('answers 404 problem+json for an unknown station', async () => {
    const response = await api.request('/api/v1/stations/XXABC', { token });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toContain('XXABC');
  });

  it('gives the Erenhot route its eight stops in order with the gauge change at Zamyn-Uud', async () => {
    const response = await api.request('/api/v1/routes/ZGZ-MOW-ERC', { token });
    expect(response.status).toBe(200);
    const route = (await response.json()) as RouteBody;
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
    const first = (await (await api.request('/api/v1/routes?limit=2', { token })).json()) as PageBody<RouteBody>;
    expect(first.items.map((r) => [r.code, r.stops.length])).toEqual([
      ['ZGZ-MOW-AKL', 6],
      ['ZGZ-MOW-ERC', 8],
    ]);
    const second = (await (
      await api.request(`/api/v1/routes?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`, { token })
    ).json()) as PageBody<RouteBody>;
    expect(second.items.map((r) => r.code)).toEqual(['ZGZ-MOW-MLX']);
    expect(second.items[0]!.stops.find((s) => s.gaugeChange)?.stationCode).toBe('RUZBK');
    expect(second.nextCursor).toBeNull();
  });
});

describe('reference data administration', () => {
  let api: TestApp;
  let admin: string;
  const vorsino = {
    code: 'RUVRS',
    country: 'RU',
    name: 'Vorsino',
    localName: 'Ворсино',
    gauge: 1520,
    kind: 'terminal',
    timezone: 'Europe/Moscow',
  };
  beforeAll(async () => {
    api = await startTestApp();
    admin = await api.adminToken();
  });
  afterAll(() => api.close());

  it('creates a station once; a second one with the same code is a 409', async () => {
    const created = await api.request('/api/v1/stations', { method: 'POST', token: admin, json: vorsino });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(await created.json()).toEqual({ ...vorsino, version: 1 });
    const again = await api.request('/api/v1/stations', { method: 'POST', token: admin, json: vorsino });
    expect(again.status).toBe(409);
  });

  it('refuses a station code that does not start with its country', async () => {
    const response = await api.request('/api/v1/stations', {
      method: 'POST',
      token: admin,
      json: { ...vorsino, code: 'KZSEL' },
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('code');
  });

  it('replaces a station with If-Match; a stale ETag gets 412 and changes nothing', async () => {
    const { code: _code, country: _country, ...fields } = vorsino;
    const current = await api.request('/api/v1/stations/CNERC', { token: admin });
    const etag = current.headers.get('etag')!;
    const update = {
      ...fields,
      name: 'Erenhot (Erlian)',
      localName: '二连浩特',
      gauge: 1435,
      kind: 'border',
      timezone: 'Asia/Shanghai',
    };
    const updated = await api.request('/api/v1/stations/CNERC', {
      method: 'PUT',
      token: admin,
      headers: { 'if-match': etag },
      json: update,
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');
    expect(((await updated.json()) as { name: string }).name).toBe('Erenhot (Erlian)');

    const stale = await api.request('/api/v1/stations/CNERC', {
      method: 'PUT',
      token: admin,
      headers: { 'if-match': etag },
      json: { ...update, name: 'Overwritten' },
    });
    expect(stale.status).toBe(412);
    const after = (await (await api.request('/api/v1/stations/CNERC', { token: admin })).json()) as {
      name: string;
      version: number;
    };
    expect(after).toEqual(expect.objectContaining({ name: 'Erenhot (Erlian)', version: 2 }));
  });

  it('creates a route whose stops are known stations in increasing order', async () => {
    const response = await api.request('/api/v1/routes', {
      method: 'POST',
      token: admin,
      json: {
        code: 'ZGZ-MOW-ERC-FAST',
        name: 'Zhengzhou – Moscow via Erenhot, express',
        stops: [
          { sequence: 10, stationCode: 'CNZGZ', plannedHoursFromOrigin: 0, gaugeChange: false },
          { sequence: 20, stationCode: 'CNERC', plannedHoursFromOrigin: 36, gaugeChange: false },
          { sequence: 30, stationCode: 'MNZUU', plannedHoursFromOrigin: 46.5, gaugeChange: true },
          { sequence: 40, stationCode: 'RUMOW', plannedHoursFromOrigin: 260, gaugeChange: false },
        ],
      },
    });
    expect(response.status).toBe(201);
    const route = (await (await api.request('/api/v1/routes/ZGZ-MOW-ERC-FAST', { token: admin })).json()) as RouteBody;
    expect(route.stops.map((s) => s.plannedHoursFromOrigin)).toEqual([0, 36, 46.5, 260]);
  });

  it('refuses a route with an unknown station or decreasing hours, naming the stop, and stores nothing', async () => {
    const response = await api.request('/api/v1/routes', {
      method: 'POST',
      token: admin,
      json: {
        code: 'ZGZ-BAD',
        name: 'Broken',
        stops: [
          { sequence: 1, stationCode: 'CNZGZ', plannedHoursFromOrigin: 0, gaugeChange: false },
          { sequence: 2, stationCode: 'XXNOP', plannedHoursFromOrigin: 40, gaugeChange: false },
          { sequence: 3, stationCode: 'RUMOW', plannedHoursFromOrigin: 30, gaugeChange: false },
        ],
      },
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([
      { field: 'stops[1].stationCode', message: 'station XXNOP does not exist' },
      { field: 'stops[2].plannedHoursFromOrigin', message: 'must be greater than 40' },
    ]);
    expect((await api.request('/api/v1/routes/ZGZ-BAD', { token: admin })).status).toBe(404);
  });

  it('refuses a duplicate route code with 409', async () => {
    const response = await api.request('/api/v1/routes', {
      method: 'POST',
      token: admin,
      json: {
        code: 'ZGZ-MOW-ERC',
        name: 'Again',
        stops: [
          { sequence: 1, stationCode: 'CNZGZ', plannedHoursFromOrigin: 0, gaugeChange: false },
          { sequence: 2, stationCode: 'RUMOW', plannedHoursFromOrigin: 300, gaugeChange: false },
        ],
      },
    });
    expect(response.status).toBe(409);
  });
});
