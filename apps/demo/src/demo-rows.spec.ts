import { DEMO_EXPORTERS, planMonth } from './demo-plan.js';
import { demoRows, type DemoStop } from './demo-rows.js';
import { DEMO_TARGETS } from './demo-targets.js';

/** The seeded routes' stops as the demo reads them (ZGZ-MOW-ERC without Naushki, which plays no part here). */
const stop = (stationCode: string, hoursFromOrigin: number, kind: string, gaugeChange = false): DemoStop => ({
  stationCode,
  hoursFromOrigin,
  kind,
  gaugeChange,
  name: stationCode,
});
const ROUTES = new Map<string, DemoStop[]>([
  [
    'ZGZ-MOW-ERC',
    [
      stop('CNZGZ', 0, 'terminal'),
      stop('CNERC', 40, 'border'),
      stop('MNZUU', 52, 'border', true),
      stop('MNULN', 70, 'junction'),
      stop('RUMOW', 300, 'terminal'),
    ],
  ],
  [
    'ZGZ-MOW-MLX',
    [
      stop('CNZGZ', 0, 'terminal'),
      stop('CNMLX', 60, 'border'),
      stop('RUZBK', 72, 'border', true),
      stop('RUMOW', 330, 'terminal'),
    ],
  ],
  [
    'ZGZ-MOW-AKL',
    [
      stop('CNZGZ', 0, 'terminal'),
      stop('CNAKL', 75, 'border'),
      stop('KZDOS', 88, 'border', true),
      stop('RUMOW', 290, 'terminal'),
    ],
  ],
]);
const EXPORTER_IDS = new Map(DEMO_EXPORTERS.map((e) => [e.key, e.key]));

/** The border dwell of each train of a month, by its gauge-change stop. */
function dwellOf(month: string): Map<string, number[]> {
  const rows = demoRows(planMonth(DEMO_TARGETS.find((t) => t.month === month)!), ROUTES, EXPORTER_IDS);
  const byStop = new Map<string, number[]>();
  for (const json of rows.trains.borderDwell) {
    const [dwell, ...more] = JSON.parse(json) as { stationCode: string; hours: number }[];
    expect(more).toEqual([]);
    byStop.set(dwell!.stationCode, [...(byStop.get(dwell!.stationCode) ?? []), dwell!.hours]);
  }
  return byStop;
}
const mean = (values: number[] = []) => values.reduce((a, b) => a + b, 0) / values.length;

describe('the demo border dwell', () => {
  const july = dwellOf('2023-07');
  const december = dwellOf('2023-12');

  it('is hours when the crossings are fluid (summer) and days when congested (winter), but for a few outliers', () => {
    const share = (values: number[], test: (hours: number) => boolean) => values.filter(test).length / values.length;
    expect(share([...july.values()].flat(), (hours) => hours > 4 && hours < 36)).toBeGreaterThan(0.9);
    expect(share([...december.values()].flat(), (hours) => hours > 48 && hours < 24 * 12)).toBeGreaterThan(0.9);
    // The outliers: days more at the border, whatever the season.
    expect([...july.values()].flat().some((hours) => hours > 72)).toBe(true);
    expect([...december.values()].flat().every((hours) => hours > 48 && hours < 24 * 21)).toBe(true);
  });

  it('is the same on every run (seeded by the train)', () => {
    expect(dwellOf('2023-07')).toEqual(july);
  });

  it('is longer at Zabaikalsk and Dostyk than at Zamyn-Uud, in every season', () => {
    for (const month of [july, december]) {
      expect([...month.keys()].sort()).toEqual(['KZDOS', 'MNZUU', 'RUZBK']);
      expect(mean(month.get('RUZBK'))).toBeGreaterThan(mean(month.get('MNZUU')) * 1.3);
      expect(mean(month.get('KZDOS'))).toBeGreaterThan(mean(month.get('MNZUU')) * 1.3);
    }
  });
});
