import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TransshippedUpdateType1795970200100 implements MigrationInterface {
  name = 'TransshippedUpdateType1795970200100';

  async up(db: QueryRunner): Promise<void> {
    // A consignment whose vehicles changed wagon at a gauge change is told so, with the train's new number.
    await db.query(`
      ALTER TABLE status_events
        DROP CONSTRAINT status_events_type,
        DROP CONSTRAINT status_events_data,
        ADD CONSTRAINT status_events_type CHECK (type IN ('consignment.status_changed', 'consignment.eta_changed',
          'consignment.damage_reported', 'consignment.transshipped')),
        ADD CONSTRAINT status_events_data CHECK (CASE type
          WHEN 'consignment.eta_changed'
            THEN data ?& ARRAY['consignmentId', 'waybillNumber', 'exporterId', 'previousEta', 'eta', 'etaRange']
          WHEN 'consignment.damage_reported'
            THEN data ?& ARRAY['consignmentId', 'waybillNumber', 'exporterId', 'vin', 'stationCode', 'note']
          WHEN 'consignment.transshipped'
            THEN data ?& ARRAY['consignmentId', 'waybillNumber', 'exporterId', 'trainId', 'trainNumber', 'stationCode',
              'vehiclesMoved']
          ELSE true END)`);
    await db.query(`
      ALTER TABLE webhook_subscriptions
        DROP CONSTRAINT webhook_subscriptions_events,
        ADD CONSTRAINT webhook_subscriptions_events CHECK (
          cardinality(events) > 0
          AND events <@ ARRAY['consignment.status_changed', 'consignment.eta_changed', 'consignment.damage_reported',
            'consignment.transshipped'])`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE webhook_subscriptions SET events = array_remove(events, 'consignment.transshipped')`);
    await db.query(`DELETE FROM webhook_subscriptions WHERE cardinality(events) = 0`);
    await db.query(`
      ALTER TABLE webhook_subscriptions
        DROP CONSTRAINT webhook_subscriptions_events,
        ADD CONSTRAINT webhook_subscriptions_events CHECK (
          cardinality(events) > 0
          AND events <@ ARRAY['consignment.status_changed', 'consignment.eta_changed', 'consignment.damage_reported'])`);
    await db.query(`DELETE FROM status_events WHERE type = 'consignment.transshipped'`);
    await db.query(`
      ALTER TABLE status_events
        DROP CONSTRAINT status_events_type,
        DROP CONSTRAINT status_events_data,
        ADD CONSTRAINT status_events_type
          CHECK (type IN ('consignment.status_changed', 'consignment.eta_changed', 'consignment.damage_reported')),
        ADD CONSTRAINT status_events_data CHECK (CASE type
          WHEN 'consignment.eta_changed'
            THEN data ?& ARRAY['consignmentId', 'waybillNumber', 'exporterId', 'previousEta', 'eta', 'etaRange']
          WHEN 'consignment.damage_reported'
            THEN data ?& ARRAY['consignmentId', 'waybillNumber', 'exporterId', 'vin', 'stationCode', 'note']
          ELSE true END)`);
  }
}
