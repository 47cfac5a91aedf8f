import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStatusEvents1795920000000 implements MigrationInterface {
  name = 'CreateStatusEvents1795920000000';

  async up(db: QueryRunner): Promise<void> {
    // The outbox and the feed: one row per change of a consignment's status, written in the transaction
    // of the change. `tx_id` is the writing transaction: readers take only rows of transactions older than
    // every transaction still running (pg_snapshot_xmin), ordered by (tx_id, seq), so a row can never
    // appear behind a position a reader has already passed — sequence order alone is not commit order.
    await db.query(`
      CREATE TABLE status_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        type text NOT NULL DEFAULT 'consignment.status_changed',
        occurred_at timestamptz NOT NULL,
        consignment_id uuid NOT NULL,
        exporter_id uuid NOT NULL,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT status_events_type CHECK (type IN ('consignment.status_changed'))
      )`);
    await db.query('CREATE UNIQUE INDEX status_events_position ON status_events (tx_id, seq)');
    await db.query('CREATE INDEX status_events_exporter_position ON status_events (exporter_id, tx_id, seq)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE status_events');
  }
}
