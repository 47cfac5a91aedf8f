import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@landbridge/common';
import { DataSource } from 'typeorm';
import { SecretBox } from './secret-box.js';

/**
 * Webhook signing secrets at rest: sealed with SECRETS_KEY, or else with a random key generated once and
 * kept in the database (table secret_encryption_keys), so a copy of the subscriptions table, a backup
 * or a log of it holds no usable secret. At start, secrets stored in clear by earlier versions are sealed.
 */
@Injectable()
export class WebhookSecrets implements OnModuleInit {
  private readonly logger = new Logger(WebhookSecrets.name);
  private box!: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onModuleInit(): Promise<void> {
    this.box = new SecretBox(this.config.get('SECRETS_KEY', { infer: true }) ?? (await this.storedKey()));
    await this.sealPlaintext();
  }

  seal(secret: string): string {
    return this.box.seal(secret);
  }

  open(stored: string): string {
    return this.box.open(stored);
  }

  private async storedKey(): Promise<Uint8Array> {
    await this.dataSource.query(
      'INSERT INTO secret_encryption_keys (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING',
      [randomBytes(32)],
    );
    const [row] = await this.dataSource.query<{ key: Buffer }[]>('SELECT key FROM secret_encryption_keys WHERE id = 1');
    if (!row) throw new Error('secret_encryption_keys has no row after inserting one');
    return new Uint8Array(row.key);
  }

  private async sealPlaintext(): Promise<void> {
    const rows = await this.dataSource.query<{ id: string; secret: string }[]>(
      "SELECT id, secret FROM webhook_subscriptions WHERE secret LIKE 'whsec\\_%'",
    );
    for (const row of rows) {
      await this.dataSource.query('UPDATE webhook_subscriptions SET secret = $3 WHERE id = $1 AND secret = $2', [
        row.id,
        row.secret,
        this.box.seal(row.secret),
      ]);
    }
    if (rows.length > 0) this.logger.log(`sealed ${rows.length} webhook secrets stored in clear`);
  }
}
