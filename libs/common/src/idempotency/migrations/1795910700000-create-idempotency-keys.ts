import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdempotencyKeys1795910700000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1795910700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_keys (
        caller_id uuid NOT NULL,
        key text NOT NULL,
        request_hash bytea NOT NULL,
        state text NOT NULL,
        locked_until timestamptz NOT NULL,
        response_status integer,
        response_headers jsonb,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (caller_id, key),
        CONSTRAINT idempotency_keys_state CHECK (state IN ('in_flight', 'completed'))
      )`);
    await db.query('CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE idempotency_keys');
  }
}
