import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRow, queryRows, sql } from '@landbridge/common';
import { DataSource } from 'typeorm';

/**
 * The key that seals webhook secrets when SECRETS_KEY is not configured (table secret_encryption_keys,
 * one row): generated once and shared by every process of the database.
 */
@Injectable()
export class SecretEncryptionKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The stored key; `candidate` becomes it when there is none yet (the first process to start wins). */
  async keepOnce(candidate: Uint8Array): Promise<Uint8Array> {
    await queryRows(
      this.dataSource,
      sql`INSERT INTO secret_encryption_keys (id, key) VALUES (1, ${Buffer.from(candidate)}) ON CONFLICT (id) DO NOTHING`,
    );
    const row = await queryRow<{ key: Buffer }>(
      this.dataSource,
      sql`SELECT key FROM secret_encryption_keys WHERE id = 1`,
    );
    if (!row) throw new Error('secret_encryption_keys has no row after inserting one');
    return new Uint8Array(row.key);
  }
}
