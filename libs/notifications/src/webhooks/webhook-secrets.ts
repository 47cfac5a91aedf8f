import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AppConfig, asSystem } from '@landbridge/common';
import { SecretBox } from './secret-box.js';
import { SecretEncryptionKeysRepository } from './secret-encryption-keys.repository.js';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository.js';

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
    private readonly keys: SecretEncryptionKeysRepository,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onModuleInit(): Promise<void> {
    this.box = new SecretBox(
      this.config.get('SECRETS_KEY', { infer: true }) ?? (await this.keys.keepOnce(randomBytes(32))),
    );
    // Every organization's subscriptions: the service's own upkeep (row-level security).
    await asSystem(() => this.sealPlaintext());
  }

  seal(secret: string): string {
    return this.box.seal(secret);
  }

  open(stored: string): string {
    return this.box.open(stored);
  }

  private async sealPlaintext(): Promise<void> {
    const rows = await this.subscriptions.secretsInClear();
    for (const row of rows) {
      await this.subscriptions.replaceSecret(row.id, row.secret, this.box.seal(row.secret));
    }
    if (rows.length > 0) this.logger.log(`sealed ${rows.length} webhook secrets stored in clear`);
  }
}
