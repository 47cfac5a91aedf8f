import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EtaRange1796100000000 implements MigrationInterface {
  name = 'EtaRange1796100000000';

  async up(db: QueryRunner): Promise<void> {
    // The learned ETA's range ({ low, high, confidence }, times RFC 3339 in UTC) and what the ETA rests on:
    // the route's plan, or the history of its completed trains (tracking's ETA profiles).
    for (const table of ['trains', 'consignments']) {
      await db.query(`
        ALTER TABLE ${table}
          ADD COLUMN eta_range jsonb,
          ADD COLUMN eta_basis text NOT NULL DEFAULT 'plan',
          ADD CONSTRAINT ${table}_eta_basis CHECK (eta_basis IN ('plan', 'history')),
          ADD CONSTRAINT ${table}_eta_range CHECK (
            eta_range IS NULL OR (eta_basis = 'history' AND eta_range ?& ARRAY['low', 'high', 'confidence']))`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['trains', 'consignments']) {
      await db.query(`ALTER TABLE ${table} DROP COLUMN eta_range, DROP COLUMN eta_basis`);
    }
  }
}
