import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public scope of row-level security (RowLevelSecurity1796600000000) names several links and several
 * consignments: the tracking page reads the links of concurrent requests in one statement
 * (ShareLinksService), whose scope names every token's hash in it and every consignment found behind one of
 * those links before. The settings are comma-separated lists now, under plural names
 * (`landbridge.share_token_hashes`, `landbridge.consignment_ids`, set by database-scope.ts); a list of one
 * is the scope as it was.
 */
export class PublicScopeOfSeveralLinks1796700000000 implements MigrationInterface {
  name = 'PublicScopeOfSeveralLinks1796700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION landbridge_shares_consignment(consignment uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('landbridge.scope', true) = 'public'
          AND consignment = ANY(string_to_array(nullif(current_setting('landbridge.consignment_ids', true), ''), ',')::uuid[]),
          false)
      $$`);
    const sharedLink = `landbridge_sees_all() OR landbridge_sees_exporter(exporter_id)
      OR (current_setting('landbridge.scope', true) = 'public' AND encode(token_hash, 'hex')
        = ANY(string_to_array(nullif(current_setting('landbridge.share_token_hashes', true), ''), ',')))`;
    await db.query(`ALTER POLICY share_links_tenant ON share_links USING (${sharedLink}) WITH CHECK (${sharedLink})`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION landbridge_shares_consignment(consignment uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('landbridge.scope', true) = 'public'
          AND consignment = nullif(current_setting('landbridge.consignment_id', true), '')::uuid, false)
      $$`);
    const sharedLink = `landbridge_sees_all() OR landbridge_sees_exporter(exporter_id)
      OR (current_setting('landbridge.scope', true) = 'public'
        AND token_hash = decode(nullif(current_setting('landbridge.share_token_hash', true), ''), 'hex'))`;
    await db.query(`ALTER POLICY share_links_tenant ON share_links USING (${sharedLink}) WITH CHECK (${sharedLink})`);
  }
}
