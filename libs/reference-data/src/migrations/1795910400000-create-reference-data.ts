import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReferenceData1795910400000 implements MigrationInterface {
  name = 'CreateReferenceData1795910400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE stations (
        code varchar(5) PRIMARY KEY,
        name text NOT NULL,
        local_name text NOT NULL,
        country char(2) NOT NULL,
        gauge smallint NOT NULL,
        kind text NOT NULL,
        timezone text NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT stations_code_format CHECK (code ~ '^[A-Z]{2}[A-Z0-9]{3}$'),
        CONSTRAINT stations_gauge CHECK (gauge IN (1435, 1520)),
        CONSTRAINT stations_kind CHECK (kind IN ('terminal', 'border', 'junction'))
      )`);
    await db.query(`
      CREATE TABLE routes (
        code varchar(32) PRIMARY KEY,
        name text NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT routes_code_format CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,31}$')
      )`);
    await db.query(`
      CREATE TABLE route_stops (
        route_code varchar(32) NOT NULL REFERENCES routes (code) ON DELETE CASCADE,
        sequence integer NOT NULL,
        station_code varchar(5) NOT NULL REFERENCES stations (code) ON DELETE RESTRICT,
        planned_hours_from_origin numeric(7, 2) NOT NULL,
        gauge_change boolean NOT NULL DEFAULT false,
        PRIMARY KEY (route_code, sequence),
        CONSTRAINT route_stops_sequence CHECK (sequence >= 1),
        CONSTRAINT route_stops_hours CHECK (planned_hours_from_origin >= 0)
      )`);
    await db.query('CREATE UNIQUE INDEX route_stops_route_station ON route_stops (route_code, station_code)');
    await db.query('CREATE INDEX route_stops_station ON route_stops (station_code)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE route_stops');
    await db.query('DROP TABLE routes');
    await db.query('DROP TABLE stations');
  }
}
