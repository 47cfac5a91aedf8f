import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTrackingEvents1795920100000 implements MigrationInterface {
  name = 'CreateTrackingEvents1795920100000';

  async up(db: QueryRunner): Promise<void> {
    // What happened on the way, as recorded: a train event (consignment_id null) applies to everything on
    // the train; a consignment event keeps the train the consignment was on. Time order is occurred_at,
    // then `rank` (the journey order of types), then the content, so ties sort the same whatever order
    // the events arrived in.
    await db.query(`
      CREATE TABLE tracking_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        train_id uuid NOT NULL,
        consignment_id uuid,
        type text NOT NULL,
        rank smallint NOT NULL,
        station_code varchar(5) NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        note text,
        delay_hours numeric(7, 2),
        vin char(17),
        recorded_by uuid,
        CONSTRAINT tracking_events_train_id_fkey FOREIGN KEY (train_id) REFERENCES trains (id) ON DELETE CASCADE,
        CONSTRAINT tracking_events_consignment_id_fkey FOREIGN KEY (consignment_id) REFERENCES consignments (id) ON DELETE CASCADE,
        CONSTRAINT tracking_events_station_code_fkey FOREIGN KEY (station_code) REFERENCES stations (code) ON DELETE RESTRICT,
        CONSTRAINT tracking_events_type CHECK (
          (consignment_id IS NULL AND type IN ('DEPARTED', 'ARRIVED_AT_STATION', 'DEPARTED_STATION', 'BORDER_CROSSED',
            'GAUGE_CHANGED', 'DELAYED', 'ARRIVED'))
          OR (consignment_id IS NOT NULL AND type IN ('CUSTOMS_HOLD', 'CUSTOMS_CLEARED', 'DAMAGE_REPORTED', 'UNLOADED', 'DELIVERED'))),
        CONSTRAINT tracking_events_delay CHECK ((type = 'DELAYED') = (delay_hours IS NOT NULL) AND (delay_hours IS NULL OR delay_hours > 0)),
        CONSTRAINT tracking_events_vin CHECK (vin IS NULL OR consignment_id IS NOT NULL)
      )`);
    await db.query(
      'CREATE INDEX tracking_events_train_time ON tracking_events (train_id, occurred_at, rank, seq) WHERE consignment_id IS NULL',
    );
    await db.query(
      'CREATE INDEX tracking_events_consignment_time ON tracking_events (consignment_id, occurred_at, rank, seq) WHERE consignment_id IS NOT NULL',
    );
    // A handheld that sends the same event twice (without an Idempotency-Key) records it once.
    await db.query(`
      CREATE UNIQUE INDEX tracking_events_once ON tracking_events
        (train_id, COALESCE(consignment_id, '00000000-0000-0000-0000-000000000000'), type, station_code, occurred_at, COALESCE(vin, ''))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE tracking_events');
  }
}
