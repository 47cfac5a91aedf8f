import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConsistWagonsCapacity1795970500000 implements MigrationInterface {
  name = 'ConsistWagonsCapacity1795970500000';

  async up(db: QueryRunner): Promise<void> {
    // A flat has a capacity: `capacity_teu IN (2, 4)` is NULL for a NULL capacity, and a NULL check passes.
    await db.query(`
      ALTER TABLE consist_wagons
        DROP CONSTRAINT consist_wagons_capacity,
        ADD CONSTRAINT consist_wagons_capacity CHECK (
          CASE kind WHEN 'flat' THEN COALESCE(capacity_teu IN (2, 4), false) ELSE capacity_teu IS NULL END)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE consist_wagons
        DROP CONSTRAINT consist_wagons_capacity,
        ADD CONSTRAINT consist_wagons_capacity CHECK (
          CASE kind WHEN 'flat' THEN capacity_teu IN (2, 4) ELSE capacity_teu IS NULL END)`);
  }
}
