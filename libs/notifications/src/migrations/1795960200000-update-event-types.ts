import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UpdateEventTypes1795960200000 implements MigrationInterface {
  name = 'UpdateEventTypes1795960200000';

  async up(db: QueryRunner): Promise<void> {
    // The outbox carries more than status changes: ETA moves and damage reports, each with the data its
    // type gives (checked for the new types; status changes keep the shape they always had). The default
    // type stays, for a process of the previous version still writing during a rolling deploy.
    await db.query(`
      ALTER TABLE status_events
        DROP CONSTRAINT status_events_type,
        ADD CONSTRAINT status_events_type
          CHECK (type IN ('consignment.status_changed', 'consignment.eta_changed', 'consignment.damage_reported')),
        ADD CONSTRAINT status_events_data CHECK (CASE type
          WHEN 'consignment.eta_changed'
            THEN data ?& ARRAY['consignmentId', 'waybillNumber', 'exporterId', 'previousEta', 'eta', 'etaRange']
          WHEN 'consignment.damage_reported'
            THEN data ?& ARRAY['consignmentId', 'waybillNumber', 'exporterId', 'vin', 'stationCode', 'note']
          ELSE true END)`);
    // Status changes gain the note of the event that caused them: none for those recorded before.
    await db.query(`
      UPDATE status_events SET data = data || '{"note": null}'::jsonb
      WHERE type = 'consignment.status_changed' AND NOT data ? 'note'`);
    // A subscription names at least one type, and only types that exist.
    await db.query(`
      ALTER TABLE webhook_subscriptions ADD CONSTRAINT webhook_subscriptions_events CHECK (
        cardinality(events) > 0
        AND events <@ ARRAY['consignment.status_changed', 'consignment.eta_changed', 'consignment.damage_reported'])`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE webhook_subscriptions DROP CONSTRAINT webhook_subscriptions_events');
    await db.query(`DELETE FROM status_events WHERE type <> 'consignment.status_changed'`);
    await db.query(`
      ALTER TABLE status_events
        DROP CONSTRAINT status_events_data,
        DROP CONSTRAINT status_events_type,
        ADD CONSTRAINT status_events_type CHECK (type IN ('consignment.status_changed'))`);
  }
}
