import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganizationsDemo1795950000000 implements MigrationInterface {
  name = 'OrganizationsDemo1795950000000';

  async up(db: QueryRunner): Promise<void> {
    // The organizations `npm run demo` created: the demo adds its data to these only, never to real ones.
    await db.query('ALTER TABLE organizations ADD COLUMN demo boolean NOT NULL DEFAULT false');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE organizations DROP COLUMN demo');
  }
}
