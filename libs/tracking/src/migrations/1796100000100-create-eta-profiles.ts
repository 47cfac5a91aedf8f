import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEtaProfiles1796100000100 implements MigrationInterface {
  name = 'CreateEtaProfiles1796100000100';

  async up(db: QueryRunner): Promise<void> {
    // Each arrived train's trip, written when it arrives: what the ETA learns from (its events are read
    // only when the profiles refresh) and what the transit and border-dwell analytics aggregate. The
    // exporters whose consignments it carried scope the analytics (GIN index for `@>`).
    await db.query(`
      CREATE TABLE train_transits (
        train_id uuid PRIMARY KEY REFERENCES trains (id) ON DELETE CASCADE,
        route_code text NOT NULL REFERENCES routes (code),
        departed_at timestamptz NOT NULL,
        arrived_at timestamptz NOT NULL,
        transit_hours double precision GENERATED ALWAYS AS (extract(epoch FROM arrived_at - departed_at) / 3600) STORED,
        border_station_code varchar(5) REFERENCES stations (code),
        border_dwell_hours double precision,
        exporter_ids uuid[] NOT NULL DEFAULT '{}',
        CONSTRAINT train_transits_order CHECK (arrived_at >= departed_at),
        CONSTRAINT train_transits_border CHECK ((border_station_code IS NULL) = (border_dwell_hours IS NULL))
      )`);
    await db.query('CREATE INDEX train_transits_route_departure ON train_transits (route_code, departed_at)');
    await db.query('CREATE INDEX train_transits_departure ON train_transits (departed_at)');
    await db.query('CREATE INDEX train_transits_exporters ON train_transits USING gin (exporter_ids)');
    // Trains that arrived before this table existed.
    await db.query(`
      INSERT INTO train_transits (train_id, route_code, departed_at, arrived_at, border_station_code,
        border_dwell_hours, exporter_ids)
      SELECT t.id, t.route_code, t.departed_at, t.arrived_at, d.station, d.hours,
        ARRAY(SELECT DISTINCT c.exporter_id FROM consignments c WHERE c.train_id = t.id)
      FROM trains t
      LEFT JOIN LATERAL (
        SELECT x->>'stationCode' AS station, (x->>'hours')::double precision AS hours
        FROM jsonb_array_elements(t.border_dwell) x WHERE x->>'hours' IS NOT NULL LIMIT 1
      ) d ON true
      WHERE t.arrived_at IS NOT NULL AND t.departed_at IS NOT NULL`);
    // The learned ETA of each route for trains departing in each calendar month (EtaProfile as JSON),
    // refreshed by the worker when trains arrive; each event's ETA reads one row.
    await db.query(`
      CREATE TABLE eta_profiles (
        route_code text NOT NULL REFERENCES routes (code),
        month smallint NOT NULL CHECK (month BETWEEN 1 AND 12),
        trips integer NOT NULL,
        profile jsonb NOT NULL,
        refreshed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (route_code, month)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE eta_profiles');
    await db.query('DROP TABLE train_transits');
  }
}
