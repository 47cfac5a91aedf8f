import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSecretEncryptionKeys1795940000100 implements MigrationInterface {
  name = 'CreateSecretEncryptionKeys1795940000100';

  async up(db: QueryRunner): Promise<void> {
    // The key that encrypts webhook signing secrets when SECRETS_KEY is not configured: generated once,
    // shared by every process of this database. Existing plaintext secrets are encrypted by the service at
    // start (a migration cannot know SECRETS_KEY).
    await db.query(`
      CREATE TABLE secret_encryption_keys (
        id smallint PRIMARY KEY CHECK (id = 1),
        key bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE secret_encryption_keys');
  }
}
