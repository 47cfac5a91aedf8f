import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBrokerPositions1795920300000 implements MigrationInterface {
  name = 'CreateBrokerPositions1795920300000';

  async up(db: QueryRunner): Promise<void> {
    // How far the status-event feed has been published to a broker stream (acknowledged), and which
    // worker holds the lease to publish it.
    await db.query(`
      CREATE TABLE broker_positions (
        name text PRIMARY KEY,
        position_tx xid8 NOT NULL,
        position_seq bigint NOT NULL,
        leased_until timestamptz,
        leased_by text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE broker_positions');
  }
}
