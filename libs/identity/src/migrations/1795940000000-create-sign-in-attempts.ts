import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSignInAttempts1795940000000 implements MigrationInterface {
  name = 'CreateSignInAttempts1795940000000';

  async up(db: QueryRunner): Promise<void> {
    // Sign-in attempts per account (lower-cased email, whether or not a user has it) in the current window:
    // shared by every api process, and not reset by a change of client address.
    await db.query(`
      CREATE TABLE sign_in_attempts (
        email text PRIMARY KEY,
        attempts integer NOT NULL,
        window_ends_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX sign_in_attempts_window ON sign_in_attempts (window_ends_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE sign_in_attempts');
  }
}
