import { randomUUID } from 'node:crypto';
import { queryRows, sql } from '@landbridge/common';
import { StatusEventsRepository } from '../../../libs/notifications/src/status-events/status-events.repository.js';
import { WebhookDeliveriesRepository } from '../../../libs/notifications/src/webhooks/webhook-deliveries.repository.js';
import { WebhookSubscriptionsRepository } from '../../../libs/notifications/src/webhooks/webhook-subscriptions.repository.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { anOrganization } from './notifications-fixtures.js';

describe('webhook deliveries: the log of attempts', () => {
  let db: MediumDatabase;
  let deliveries: WebhookDeliveriesRepository;
  let subscriptions: WebhookSubscriptionsRepository;

  beforeAll(async () => {
    db = await openMediumDatabase();
    deliveries = new WebhookDeliveriesRepository(db.dataSource);
    subscriptions = new WebhookSubscriptionsRepository(db.dataSource);
  });
  afterAll(() => db.close());

  const aSubscription = async () => {
    const organization = await anOrganization(db.dataSource);
    return subscriptions.create({
      organizationId: organization,
      exporterId: organization,
      createdBy: randomUUID(),
      url: 'https://hooks.example.com/in',
      events: ['consignment.status_changed'],
      sealedSecret: 'v1.k.sealed',
      position: await new StatusEventsRepository(db.dataSource).currentPosition(),
    });
  };
  const anAttempt = (attempt: number, succeeded = false) => ({
    eventId: randomUUID(),
    attempt,
    succeeded,
    statusCode: succeeded ? 204 : 503,
    error: succeeded ? null : 'HTTP 503',
    durationMs: 12,
  });

  it('logs attempts and lists them newest first', async () => {
    const { id } = await aSubscription();
    const first = anAttempt(1);
    const second = { ...anAttempt(2, true), eventId: first.eventId };
    const recorded = await deliveries.record(id, first);
    await deliveries.record(id, second);

    const page = await deliveries.list(id, { limit: 10 });
    expect(page.nextCursor).toBeNull();
    // Answered as listed.
    expect(page.items[1]).toEqual(recorded);
    expect(page.items).toEqual([
      {
        id: expect.any(String) as unknown,
        eventId: first.eventId,
        attempt: 2,
        succeeded: true,
        statusCode: 204,
        error: null,
        durationMs: 12,
        attemptedAt: expect.any(String) as unknown,
      },
      expect.objectContaining({
        eventId: first.eventId,
        attempt: 1,
        succeeded: false,
        statusCode: 503,
        error: 'HTTP 503',
      }),
    ]);
    expect((await deliveries.list((await aSubscription()).id, { limit: 10 })).items).toEqual([]);
  });

  it('logs nothing for a subscription deleted meanwhile', async () => {
    const gone = randomUUID();
    expect(await deliveries.record(gone, anAttempt(1))).toBeUndefined();
    const rows = await queryRows(db.dataSource, sql`SELECT 1 FROM webhook_deliveries WHERE subscription_id = ${gone}`);
    expect(rows).toEqual([]);
  });

  it('pages by keyset without losing attempts a few microseconds apart', async () => {
    const { id } = await aSubscription();
    for (let i = 1; i <= 7; i++) await deliveries.record(id, anAttempt(i));
    await queryRows(
      db.dataSource,
      sql`UPDATE webhook_deliveries SET attempted_at = '2025-01-01T00:00:00.000001Z'::timestamptz + attempt * interval '1 microsecond'
          WHERE subscription_id = ${id}`,
    );
    const attempts: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await deliveries.list(id, { limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      attempts.push(...page.items.map((item) => item.attempt));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(attempts).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });
});
