import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public tracking page names stations in its reader's language (English, Chinese, Russian) and draws
 * the route from the stations' coordinates. `name` stays the English name and `local_name` the name on
 * the spot; `name_zh` and `name_ru` are null where nobody has given one (the page then falls back to the
 * local name in the station's own script, else the English one). Coordinates are optional: a station
 * without them is listed but not drawn. Seed values per DOMAIN.md (approximate, for drawing only).
 */
const SEED: [code: string, nameZh: string, nameRu: string, latitude: number, longitude: number][] = [
  ['CNZGZ', '郑州圃田', 'Чжэнчжоу (Путянь)', 34.76, 113.91],
  ['CNERC', '二连浩特', 'Эрэн-Хото', 43.65, 111.98],
  ['MNZUU', '扎门乌德', 'Замын-Ууд', 43.72, 111.9],
  ['MNULN', '乌兰巴托', 'Улан-Батор', 47.92, 106.92],
  ['RUNKI', '纳乌什基', 'Наушки', 50.39, 106.11],
  ['CNMLX', '满洲里', 'Маньчжурия', 49.6, 117.43],
  ['RUZBK', '后贝加尔斯克', 'Забайкальск', 49.65, 117.33],
  ['CNAKL', '阿拉山口', 'Алашанькоу', 45.17, 82.57],
  ['KZDOS', '多斯特克', 'Достык', 45.25, 82.48],
  ['RUOVB', '新西伯利亚', 'Новосибирск', 55.03, 82.92],
  ['RUYEK', '叶卡捷琳堡', 'Екатеринбург', 56.84, 60.61],
  ['RUMOW', '莫斯科别雷拉斯特', 'Белый Раст', 56.11, 37.43],
];

export class StationNamesAndCoordinates1796500000000 implements MigrationInterface {
  name = 'StationNamesAndCoordinates1796500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE stations
        ADD COLUMN name_zh text,
        ADD COLUMN name_ru text,
        ADD COLUMN latitude double precision,
        ADD COLUMN longitude double precision,
        ADD CONSTRAINT stations_coordinates CHECK (
          (latitude IS NULL) = (longitude IS NULL)
          AND (latitude IS NULL OR (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180)))`);
    // New columns: nothing an administrator set is overwritten; a seed station deleted since is skipped.
    for (const [code, nameZh, nameRu, latitude, longitude] of SEED) {
      await db.query(`UPDATE stations SET name_zh = $2, name_ru = $3, latitude = $4, longitude = $5 WHERE code = $1`, [
        code,
        nameZh,
        nameRu,
        latitude,
        longitude,
      ]);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE stations DROP CONSTRAINT stations_coordinates, DROP COLUMN name_zh, DROP COLUMN name_ru,
        DROP COLUMN latitude, DROP COLUMN longitude`);
  }
}
