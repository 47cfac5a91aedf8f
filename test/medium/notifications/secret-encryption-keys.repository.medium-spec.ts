import { randomBytes, randomUUID } from 'node:crypto';
import type { ConfigService } from '@nestjs/config';
import { type AppConfig, queryRow, queryRows, sql } from '@landbridge/common';
import { StatusEventsRepository } from '../../../libs/notifications/src/status-events/status-events.repository.js';
import { SecretEncryptionKeysRepository } from '../../../libs/notifications/src/webhooks/secret-encryption-keys.repository.js';
import { WebhookSecrets } from '../../../libs/notifications/src/webhooks/webhook-secrets.js';
import { WebhookSubscriptionsRepository } from '../../../libs/notifications/src/webhooks/webhook-subscriptions.repository.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { anOrganization } from './notifications-fixtures.js';

/** ConfigService without SECRETS_KEY: the key kept in the database is used. */
const withoutSecretsKey = { get: () => undefined } as unknown as ConfigService<AppConfig, true>;

describe('the secret encryption key kept in the database', () => {
  let db: MediumDatabase;
  let keys: SecretEncryptionKeysRepository;
  let subscriptions: WebhookSubscriptionsRepository;

  beforeAll(async () => {
    db = await openMediumDatabase();
    keys = new SecretEncryptionKeysRepository(db.dataSource);
    subscriptions = new WebhookSubscriptionsRepository(db.dataSource);
  });
  afterAll(() => db.close());

  it('is created once: the first candidate wins, concurrent starts included', async () => {
    const candidates = Array.from({ length: 4 }, () => randomBytes(32));
    const kept = await Promise.all(candidates.map((candidate) => keys.keepOnce(candidate)));
    const winner = Buffer.from(kept[0]!);
    expect(candidates.some((candidate) => candidate.equals(winner))).toBe(true);
    for (const key of kept) expect(Buffer.from(key).equals(winner)).toBe(true);
    expect(Buffer.from(await keys.keepOnce(randomBytes(32))).equals(winner)).toBe(true);
    const rows = await queryRows(db.dataSource, sql`SELECT id FROM secret_encryption_keys`);
    expect(rows).toHaveLength(1);
  });

  it('seals the secrets stored in clear at start, so that another process opens them with the same key', async () => {
    const organization = await anOrganization(db.dataSource);
    const created = await subscriptions.create({
      organizationId: organization,
      exporterId: organization,
      createdBy: randomUUID(),
      url: 'https://hooks.example.com/in',
      events: ['consignment.status_changed'],
      sealedSecret: 'whsec_in-clear',
      position: await new StatusEventsRepository(db.dataSource).currentPosition(),
    });
    const starting = new WebhookSecrets(keys, subscriptions, withoutSecretsKey);
    await starting.onModuleInit();
    const { secret } = (await queryRow<{ secret: string }>(
      db.dataSource,
      sql`SELECT secret FROM webhook_subscriptions WHERE id = ${created.id}`,
    ))!;
    expect(secret).toMatch(/^v1\./);

    const another = new WebhookSecrets(keys, subscriptions, withoutSecretsKey);
    await another.onModuleInit();
    expect(another.open(secret)).toBe('whsec_in-clear');
    expect(another.open(starting.seal('whsec_new'))).toBe('whsec_new');
  });
});
