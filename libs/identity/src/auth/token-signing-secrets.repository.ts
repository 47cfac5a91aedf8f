import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRow, queryRows, sql } from '@landbridge/common';
import { DataSource } from 'typeorm';

/** The table token_signing_secrets: the one HMAC secret of a deployment without TOKEN_SECRET. */
@Injectable()
export class TokenSigningSecretsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The deployment's secret: `candidate` becomes it unless one is stored already, in which case the
   * stored one wins, so every api process of the deployment ends up with the same.
   */
  async storeOrRead(candidate: Buffer): Promise<Buffer> {
    await queryRows(
      this.dataSource,
      sql`INSERT INTO token_signing_secrets (id, secret) VALUES (1, ${candidate}) ON CONFLICT (id) DO NOTHING`,
    );
    const row = await queryRow<{ secret: Buffer }>(
      this.dataSource,
      sql`SELECT secret FROM token_signing_secrets WHERE id = 1`,
    );
    if (!row) throw new Error('token_signing_secrets has no row after inserting one');
    return row.secret;
  }
}
