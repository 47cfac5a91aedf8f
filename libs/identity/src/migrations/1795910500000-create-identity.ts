import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentity1795910500000 implements MigrationInterface {
  name = 'CreateIdentity1795910500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organizations_kind CHECK (kind IN ('exporter', 'operator'))
      )`);
    await db.query('CREATE UNIQUE INDEX organizations_name_unique ON organizations (lower(name))');
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_unique UNIQUE (email),
        CONSTRAINT users_role CHECK (role IN ('admin', 'operator', 'exporter')),
        CONSTRAINT users_email_lowercase CHECK (email = lower(email))
      )`);
    await db.query('CREATE INDEX users_organization ON users (organization_id)');
    await db.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key_id varchar(32) NOT NULL,
        secret_hash bytea NOT NULL,
        name text NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT api_keys_key_id_unique UNIQUE (key_id)
      )`);
    await db.query('CREATE INDEX api_keys_user ON api_keys (user_id)');
    // The HMAC secret for access tokens when TOKEN_SECRET is not configured: generated once, shared by
    // every api process of this database.
    await db.query(`
      CREATE TABLE token_signing_secrets (
        id smallint PRIMARY KEY CHECK (id = 1),
        secret bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE token_signing_secrets');
    await db.query('DROP TABLE api_keys');
    await db.query('DROP TABLE users');
    await db.query('DROP TABLE organizations');
  }
}
