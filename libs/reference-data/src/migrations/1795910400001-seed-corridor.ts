import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seed reference data of DOMAIN.md. A migration runs once per database, so a restart never
 * duplicates it or overwrites an administrator's later edits.
 */
const STATIONS: [code: string, name: string, localName: string, gauge: number, kind: string, timezone: string][] = [
  ['CNZGZ', 'Zhengzhou Putian', '郑州圃田', 1435, 'terminal', 'Asia/Shanghai'],
  ['CNERC', 'Erenhot', '二连浩特', 1435, 'border', 'Asia/Shanghai'],
  ['MNZUU', 'Zamyn-Uud', 'Замын-Үүд', 1520, 'border', 'Asia/Ulaanbaatar'],
  ['MNULN', 'Ulaanbaatar', 'Улаанбаатар', 1520, 'junction', 'Asia/Ulaanbaatar'],
  ['RUNKI', 'Naushki', 'Наушки', 1520, 'border', 'Asia/Irkutsk'],
  ['CNMLX', 'Manzhouli', '满洲里', 1435, 'border', 'Asia/Shanghai'],
  ['RUZBK', 'Zabaikalsk', 'Забайкальск', 1520, 'border', 'Asia/Chita'],
  ['CNAKL', 'Alashankou', '阿拉山口', 1435, 'border', 'Asia/Shanghai'],
  ['KZDOS', 'Dostyk', 'Достык', 1520, 'border', 'Asia/Almaty'],
  ['RUOVB', 'Novosibirsk', 'Новосибирск', 1520, 'junction', 'Asia/Novosibirsk'],
  ['RUYEK', 'Yekaterinburg', 'Екатеринбург', 1520, 'junction', 'Asia/Yekaterinburg'],
  ['RUMOW', 'Moscow Bely Rast', 'Белый Раст', 1520, 'terminal', 'Europe/Moscow'],
];

/** `*` marks the stop where containers change gauge. */
const ROUTES: [code: string, name: string, stops: string][] = [
  [
    'ZGZ-MOW-ERC',
    'Zhengzhou – Moscow via Erenhot',
    'CNZGZ@0 CNERC@40 MNZUU@52* MNULN@70 RUNKI@96 RUOVB@170 RUYEK@230 RUMOW@300',
  ],
  ['ZGZ-MOW-MLX', 'Zhengzhou – Moscow via Manzhouli', 'CNZGZ@0 CNMLX@60 RUZBK@72* RUOVB@190 RUYEK@250 RUMOW@330'],
  ['ZGZ-MOW-AKL', 'Zhengzhou – Moscow via Alashankou', 'CNZGZ@0 CNAKL@75 KZDOS@88* RUOVB@150 RUYEK@215 RUMOW@290'],
];

export class SeedCorridor1795910400001 implements MigrationInterface {
  name = 'SeedCorridor1795910400001';

  async up(db: QueryRunner): Promise<void> {
    for (const [code, name, localName, gauge, kind, timezone] of STATIONS) {
      await db.query(
        `INSERT INTO stations (code, name, local_name, country, gauge, kind, timezone, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1) ON CONFLICT (code) DO NOTHING`,
        [code, name, localName, code.slice(0, 2), gauge, kind, timezone],
      );
    }
    for (const [code, name, stops] of ROUTES) {
      await db.query(`INSERT INTO routes (code, name, version) VALUES ($1, $2, 1) ON CONFLICT (code) DO NOTHING`, [
        code,
        name,
      ]);
      for (const [index, stop] of stops.split(' ').entries()) {
        const [, stationCode, hours, gaugeChange] = /^([A-Z]{5})@(\d+)(\*?)$/.exec(stop)!;
        await db.query(
          `INSERT INTO route_stops (route_code, sequence, station_code, planned_hours_from_origin, gauge_change)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
          [code, index + 1, stationCode, Number(hours), gaugeChange === '*'],
        );
      }
    }
  }

  async down(db: QueryRunner): Promise<void> {
    const codes = ROUTES.map(([code]) => code);
    await db.query('DELETE FROM routes WHERE code = ANY($1)', [codes]);
    await db.query('DELETE FROM stations WHERE code = ANY($1)', [STATIONS.map(([code]) => code)]);
  }
}
