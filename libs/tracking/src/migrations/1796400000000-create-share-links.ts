import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateShareLinks1796400000000 implements MigrationInterface {
  name = 'CreateShareLinks1796400000000';

  async up(db: QueryRunner): Promise<void> {
    // A consignment's public tracking links. Only the SHA-256 of a token is kept, looked up through a
    // unique index; exporter_id is the consignment's exporter, so an exporter's reads and revocations are
    // scoped in the query. expires_at is the creator's choice, or null for the default (30 days after
    // delivery); no link lives longer than 180 days from its creation.
    await db.query(`
      CREATE TABLE share_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consignment_id uuid NOT NULL,
        exporter_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT share_links_consignment_id_fkey FOREIGN KEY (consignment_id) REFERENCES consignments (id) ON DELETE CASCADE,
        CONSTRAINT share_links_exporter_id_fkey FOREIGN KEY (exporter_id) REFERENCES organizations (id) ON DELETE CASCADE,
        CONSTRAINT share_links_token_hash CHECK (octet_length(token_hash) = 32),
        CONSTRAINT share_links_expiry CHECK (
          expires_at IS NULL OR (expires_at > created_at AND expires_at <= created_at + interval '180 days')),
        CONSTRAINT share_links_revoked CHECK (revoked_at IS NULL OR revoked_at >= created_at)
      )`);
    await db.query('CREATE UNIQUE INDEX share_links_token ON share_links (token_hash)');
    await db.query('CREATE INDEX share_links_consignment ON share_links (consignment_id, created_at, id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE share_links');
  }
}
