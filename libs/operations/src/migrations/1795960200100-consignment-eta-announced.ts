import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConsignmentEtaAnnounced1795960200100 implements MigrationInterface {
  name = 'ConsignmentEtaAnnounced1795960200100';

  async up(db: QueryRunner): Promise<void> {
    // The ETA subscribers last heard of (consignment.eta_changed), when it differs from `eta`: moves
    // smaller than an hour are not announced, but they add up against this one, not against the last
    // stored ETA. NULL means `eta` itself, so existing rows (and the demo's) need no backfill.
    await db.query('ALTER TABLE consignments ADD COLUMN eta_announced timestamptz');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE consignments DROP COLUMN eta_announced');
  }
}
