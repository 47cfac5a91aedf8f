import type { StationDisplay } from '@landbridge/reference-data';
import type { TrackingPageView } from '../share-links.service.js';
import { renderTrackPage } from './track-page.js';

const STOPS: [
  code: string,
  name: string,
  local: string,
  zh: string | null,
  ru: string | null,
  zone: string,
  lat: number,
  lon: number,
][] = [
  ['CNZGZ', 'Zhengzhou Putian', '郑州圃田', '郑州圃田', 'Чжэнчжоу (Путянь)', 'Asia/Shanghai', 34.76, 113.91],
  ['CNERC', 'Erenhot', '二连浩特', '二连浩特', 'Эрэн-Хото', 'Asia/Shanghai', 43.65, 111.98],
  ['MNZUU', 'Zamyn-Uud', 'Замын-Үүд', '扎门乌德', null, 'Asia/Ulaanbaatar', 43.72, 111.9],
  ['RUMOW', 'Moscow Bely Rast', 'Белый Раст', null, 'Белый Раст', 'Europe/Moscow', 56.11, 37.43],
];

const stations = new Map<string, StationDisplay>(
  STOPS.map(([code, name, localName, nameZh, nameRu, timezone, latitude, longitude]) => [
    code,
    { code, name, localName, nameZh, nameRu, country: code.slice(0, 2), kind: 'border', timezone, latitude, longitude },
  ]),
);

const view = (overrides: Partial<TrackingPageView['data']> = {}): Pick<TrackingPageView, 'data' | 'stations'> => ({
  stations,
  data: {
    waybillNumber: 'SMGS24032001',
    consignee: { name: 'Avtodom <Trading> LLC', country: 'RU' },
    status: 'in_transit',
    origin: { code: 'CNZGZ', name: 'Zhengzhou Putian' },
    destination: { code: 'RUMOW', name: 'Moscow Bely Rast' },
    currentStation: { code: 'CNERC', name: 'Erenhot' },
    eta: '2024-04-01T13:30:00.000Z',
    etaRange: { low: '2024-03-31T09:00:00.000Z', high: '2024-04-03T21:00:00.000Z', confidence: 0.8 },
    milestones: STOPS.map(([code], i) => ({
      stationCode: code,
      stationName: code,
      plannedAt: '2024-03-22T05:30:00.000Z',
      actualAt: i < 2 ? '2024-03-22T05:30:00.000Z' : null,
      expectedAt: i < 2 ? null : '2024-03-23T05:30:00.000Z',
      borderCrossing: i === 2 || i === 3,
      gaugeChange: i === 2,
    })),
    events: [],
    vehicles: [{ vin: 'LZYTBTE62R1000101', make: 'Yutong', model: 'ICe12' }],
    linkExpiresAt: '2024-09-16T00:00:00.000Z',
    ...overrides,
  },
});

describe('renderTrackPage', () => {
  it('shows the ETA with its likely range in the destination’s time, with offsets', () => {
    const page = renderTrackPage(view(), 'en', 'W/"x"');
    expect(page).toContain('<dd id="eta">1 Apr 2024, 16:30 GMT+3</dd>');
    expect(page).toMatch(/<div id="eta-range-row">.*31 Mar 2024, 12:00 GMT\+3 – 4 Apr 2024, 00:00 GMT\+3 \(80 %\)/s);
    expect(page).toContain('<td>22 Mar, 13:30 GMT+8</td>');
  });

  it('hides the range row when there is no range, and says the ETA is not known without one', () => {
    const page = renderTrackPage(view({ eta: null, etaRange: null }), 'en', 'W/"x"');
    expect(page).toContain('<div id="eta-range-row" hidden>');
    expect(page).toContain('<dd id="eta">not known yet</dd>');
  });

  it('draws every stop, fills those passed, puts the train at the current station and marks border and gauge change', () => {
    const page = renderTrackPage(view(), 'en', 'W/"x"');
    const circles = [...page.matchAll(/<circle data-stop="(\w+)" class="([^"]+)" cx="([\d.]+)" cy="([\d.]+)"/g)];
    expect(circles.map((c) => [c[1], c[2]])).toEqual([
      ['CNZGZ', 'stop passed'],
      ['CNERC', 'stop passed'],
      ['MNZUU', 'stop'],
      ['RUMOW', 'stop'],
    ]);
    const at = (code: string) =>
      circles
        .find((c) => c[1] === code)!
        .slice(3)
        .map(Number);
    // West is left, north is up.
    expect(at('RUMOW')[0]).toBeLessThan(at('CNZGZ')[0]!);
    expect(at('RUMOW')[1]).toBeLessThan(at('CNZGZ')[1]!);
    expect(page).toContain(`<circle id="train" class="train" cx="${at('CNERC')[0]}" cy="${at('CNERC')[1]}"`);
    expect(page.match(/<line class="border"/g)).toHaveLength(2);
    expect(page.match(/<rect class="gauge"/g)).toHaveLength(1);
    expect(page).toContain('<desc id="map-desc">4 stops, 2 passed; the train is at Erenhot.</desc>');
  });

  it('names stations in the reader’s language, falling back to the local name in its script, then English', () => {
    const zh = renderTrackPage(view(), 'zh', 'W/"x"');
    expect(zh).toContain('扎门乌德');
    expect(zh).toContain('<html lang="zh">');
    expect(zh).not.toContain('Белый Раст');
    expect(zh).toContain('Moscow Bely Rast');
    const ru = renderTrackPage(view(), 'ru', 'W/"x"');
    expect(ru).toContain('Замын-Үүд');
    expect(ru).toContain('Чжэнчжоу (Путянь)');
    expect(ru).toContain('Смена колеи');
  });

  it('escapes the consignee and the vehicles', () => {
    expect(renderTrackPage(view(), 'en', 'W/"x"')).toContain('Avtodom &lt;Trading&gt; LLC');
  });
});
