import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TransshippedEvent1795970200000 implements MigrationInterface {
  name = 'TransshippedEvent1795970200000';

  async up(db: QueryRunner): Promise<void> {
    // The gauge change recorded with its new consist (POST /trains/:id/transshipments) is a train event too.
    await db.query(`
      ALTER TABLE tracking_events
        DROP CONSTRAINT tracking_events_type,
        ADD CONSTRAINT tracking_events_type CHECK (
          (consignment_id IS NULL AND type IN ('DEPARTED', 'ARRIVED_AT_STATION', 'DEPARTED_STATION', 'BORDER_CROSSED',
            'GAUGE_CHANGED', 'TRANSSHIPPED', 'DELAYED', 'ARRIVED'))
          OR (consignment_id IS NOT NULL AND type IN ('CUSTOMS_HOLD', 'CUSTOMS_CLEARED', 'DAMAGE_REPORTED', 'UNLOADED', 'DELIVERED')))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM tracking_events WHERE type = 'TRANSSHIPPED'`);
    await db.query(`
      ALTER TABLE tracking_events
        DROP CONSTRAINT tracking_events_type,
        ADD CONSTRAINT tracking_events_type CHECK (
          (consignment_id IS NULL AND type IN ('DEPARTED', 'ARRIVED_AT_STATION', 'DEPARTED_STATION', 'BORDER_CROSSED',
            'GAUGE_CHANGED', 'DELAYED', 'ARRIVED'))
          OR (consignment_id IS NOT NULL AND type IN ('CUSTOMS_HOLD', 'CUSTOMS_CLEARED', 'DAMAGE_REPORTED', 'UNLOADED', 'DELIVERED')))`);
  }
}
