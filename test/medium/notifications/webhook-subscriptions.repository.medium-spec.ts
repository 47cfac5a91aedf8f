import { randomUUID } from 'node:crypto';
import { queryRow, queryRows, scopeOf, sql } from '@landbridge/common';
import { StatusEventsRepository } from '../../../libs/notifications/src/status-events/status-events.repository.js';
import {
  type NewSubscription,
  WebhookSubscriptionsRepository,
  webhookScopeOf,
} from '../../../libs/notifications/src/webhooks/webhook-subscriptions.repository.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { aCaller, anOrganization, aStatusChange, eventually } from './notifications-fixtures.js';

/** The feed as a subscription of an exporter reads it. */
const webhookFeed = (exporterId: string) => scopeOf(aCaller('exporter', exporterId));

describe('webhook subscriptions: scoped lists and the delivery leases', () => {
  let db: MediumDatabase;
  let subscriptions: WebhookSubscriptionsRepository;
  let events: StatusEventsRepository;

  beforeAll(async () => {
    db = await openMediumDatabase();
    subscriptions = new WebhookSubscriptionsRepository(db.dataSource);
    events = new StatusEventsRepository(db.dataSource);
  });
  afterAll(() => db.close());

  const aSubscription = async (organizationId: string, overrides: Partial<NewSubscription> = {}) =>
    subscriptions.create({
      organizationId,
      exporterId: organizationId,
      createdBy: randomUUID(),
      url: `https://hooks.example.com/${randomUUID()}`,
      events: ['consignment.status_changed'],
      sealedSecret: `v1.test.${randomUUID()}`,
      position: await events.currentPosition(),
      ...overrides,
    });
  const stored = (id: string) =>
    queryRow<{ secret: string; status: string; attempts: number; leased_by: string | null; due: boolean }>(
      db.dataSource,
      sql`SELECT secret, status, attempts, leased_by, next_attempt_at <= now() AS due FROM webhook_subscriptions WHERE id = ${id}`,
    );
  /** Takes the subscriptions out of the way of the claims of later tests. */
  const retire = (ids: string[]) =>
    queryRows(db.dataSource, sql`UPDATE webhook_subscriptions SET next_attempt_at = 'infinity' WHERE id = ANY(${ids})`);

  it('creates a subscription with its sealed secret, answering it without the secret', async () => {
    const organization = await anOrganization(db.dataSource);
    const created = await aSubscription(organization, { sealedSecret: 'v1.abc.sealed' });
    expect(created).toEqual({
      id: expect.any(String) as unknown,
      url: expect.stringMatching(/^https:\/\/hooks\.example\.com\//) as unknown,
      events: ['consignment.status_changed'],
      status: 'active',
      disabledReason: null,
      failingSince: null,
      createdAt: expect.any(String) as unknown,
    });
    expect((await stored(created.id))!.secret).toBe('v1.abc.sealed');
    await retire([created.id]);
  });

  it("lists an organization's subscriptions to its members (operators too) and all of them to an admin, by keyset", async () => {
    const [a, b] = [await anOrganization(db.dataSource), await anOrganization(db.dataSource, 'operator')];
    const ofA: string[] = [];
    for (let i = 0; i < 5; i++) ofA.push((await aSubscription(a)).id);
    const ofB = (await aSubscription(b, { exporterId: null })).id;
    // Same instant to the millisecond, apart by microseconds: the cursor must keep them apart.
    await queryRows(
      db.dataSource,
      sql`UPDATE webhook_subscriptions SET created_at = '2025-01-01T00:00:00.000001Z'::timestamptz + (random() * 900) * interval '1 microsecond'
          WHERE id = ANY(${ofA})`,
    );

    const pages = async (scope = webhookScopeOf(aCaller('exporter', a))) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await subscriptions.list(scope, { limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const seenByA = await pages();
    expect([...seenByA].sort()).toEqual([...ofA].sort());
    const order = await queryRows<{ id: string }>(
      db.dataSource,
      sql`SELECT id FROM webhook_subscriptions WHERE id = ANY(${ofA}) ORDER BY created_at DESC, id DESC`,
    );
    expect(seenByA).toEqual(order.map((row) => row.id));
    expect(await pages(webhookScopeOf(aCaller('operator', b)))).toEqual([ofB]);
    const all = await pages(webhookScopeOf(aCaller('admin', b)));
    expect(all).toEqual(expect.arrayContaining([...ofA, ofB]));

    expect(await subscriptions.isVisible(webhookScopeOf(aCaller('operator', b)), ofA[0]!)).toBe(false);
    expect(await subscriptions.isVisible(webhookScopeOf(aCaller('exporter', a)), ofA[0]!)).toBe(true);
    expect(await subscriptions.isVisible(webhookScopeOf(aCaller('admin', b)), ofA[0]!)).toBe(true);
    await retire([...ofA, ofB]);
  });

  it('gives the target of a subscription (its URL and sealed secret) only within the scope', async () => {
    const [a, b] = [await anOrganization(db.dataSource), await anOrganization(db.dataSource)];
    const { id, url } = await aSubscription(a, { sealedSecret: 'v1.target.sealed' });
    expect(await subscriptions.findTarget(webhookScopeOf(aCaller('exporter', a)), id)).toEqual({
      url,
      sealedSecret: 'v1.target.sealed',
    });
    expect(await subscriptions.findTarget(webhookScopeOf(aCaller('admin', b)), id)).toEqual({
      url,
      sealedSecret: 'v1.target.sealed',
    });
    expect(await subscriptions.findTarget(webhookScopeOf(aCaller('operator', b)), id)).toBeUndefined();
    expect(await subscriptions.findTarget(webhookScopeOf(aCaller('exporter', a)), randomUUID())).toBeUndefined();
    await retire([id]);
  });

  it('refuses, in the table itself, a subscription to no type or to an unknown one', async () => {
    const organization = await anOrganization(db.dataSource);
    await expect(aSubscription(organization, { events: [] })).rejects.toThrow(/webhook_subscriptions_events/);
    await expect(aSubscription(organization, { events: ['consignment.teleported'] })).rejects.toThrow(
      /webhook_subscriptions_events/,
    );
    const all = await aSubscription(organization, {
      events: [
        'consignment.status_changed',
        'consignment.eta_changed',
        'consignment.damage_reported',
        'consignment.transshipped',
      ],
    });
    expect(all.events).toHaveLength(4);
    await retire([all.id]);
  });

  it('deletes only within the scope', async () => {
    const [a, b] = [await anOrganization(db.dataSource), await anOrganization(db.dataSource)];
    const { id } = await aSubscription(a);
    expect(await subscriptions.remove(webhookScopeOf(aCaller('operator', b)), id)).toBe(false);
    expect(await stored(id)).toBeDefined();
    expect(await subscriptions.remove(webhookScopeOf(aCaller('exporter', a)), id)).toBe(true);
    expect(await stored(id)).toBeUndefined();
    expect(await subscriptions.remove(webhookScopeOf(aCaller('admin', a)), id)).toBe(false);
  });

  it('leases a due subscription to one worker at a time, even when two claim at once', async () => {
    const organization = await anOrganization(db.dataSource);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await aSubscription(organization)).id);
    const mine = (claimed: { id: string }[]) => claimed.map((s) => s.id).filter((id) => ids.includes(id));

    const [one, two] = await Promise.all([
      subscriptions.claimDue('worker-1', 15, 20),
      subscriptions.claimDue('worker-2', 15, 20),
    ]);
    expect([...mine(one), ...mine(two)].sort()).toEqual([...ids].sort());
    expect(mine(one).filter((id) => mine(two).includes(id))).toEqual([]);
    expect(mine(await subscriptions.claimDue('worker-3', 15, 20))).toEqual([]);

    const holder = mine(one).length ? 'worker-1' : 'worker-2';
    const held = [...mine(one), ...mine(two)][0]!;
    const other = holder === 'worker-1' ? 'worker-2' : 'worker-1';
    expect(await subscriptions.renewLease(held, other, 15)).toBe(false);
    expect(await subscriptions.renewLease(held, holder, 15)).toBe(true);

    // Given back, it is due again at once.
    await subscriptions.releaseLease(held, other);
    expect(mine(await subscriptions.claimDue('worker-3', 15, 20))).toEqual([]);
    await subscriptions.releaseLease(held, holder);
    const again = await subscriptions.claimDue('worker-3', 15, 20);
    expect(mine(again)).toEqual([held]);
    expect(again.find((s) => s.id === held)).toMatchObject({
      exporterId: organization,
      events: ['consignment.status_changed'],
      attempts: 0,
      failingSince: null,
    });

    // A lease that runs out is claimed by another worker.
    await subscriptions.releaseLease(held, 'worker-3');
    await subscriptions.claimDue('worker-4', 0, 20);
    expect(mine(await subscriptions.claimDue('worker-5', 15, 20))).toEqual([held]);
    await retire(ids);
  });

  it('moves the cursor, counts failures and disables, only for the holder of the lease', async () => {
    const organization = await anOrganization(db.dataSource);
    const start = await events.currentPosition();
    const { id } = await aSubscription(organization, { position: start });
    const [claimed] = (await subscriptions.claimDue('worker-1', 15, 20)).filter((s) => s.id === id);
    expect(claimed!.position).toEqual(start);

    await subscriptions.recordFailure(id, 'worker-2', 1, 60, null);
    expect(await stored(id)).toMatchObject({ attempts: 0, due: true });
    await subscriptions.recordFailure(id, 'worker-1', 1, 60, null);
    expect(await stored(id)).toMatchObject({ attempts: 1, due: false, status: 'active' });

    await db.dataSource.transaction((em) => events.append(em, [aStatusChange(organization)]));
    const [event] = await eventually(
      () => events.readAfter(webhookFeed(organization), start, 10),
      (items) => items.length > 0,
    );
    expect(await subscriptions.advance(id, 'worker-2', event!.position)).toBe(false);
    expect(await subscriptions.advance(id, 'worker-1', event!.position)).toBe(true);
    expect(await stored(id)).toMatchObject({ attempts: 0 });
    await subscriptions.releaseLease(id, 'worker-1');
    await queryRows(db.dataSource, sql`UPDATE webhook_subscriptions SET next_attempt_at = now() WHERE id = ${id}`);
    const [resumed] = (await subscriptions.claimDue('worker-1', 15, 20)).filter((s) => s.id === id);
    expect(resumed!.position).toEqual(event!.position);

    await subscriptions.recordFailure(id, 'worker-1', 1, 0, 'the receiver answered 410 Gone');
    expect(await stored(id)).toMatchObject({ status: 'disabled' });
    const [listed] = (await subscriptions.list(webhookScopeOf(aCaller('exporter', organization)), { limit: 5 })).items;
    expect(listed).toMatchObject({ status: 'disabled', disabledReason: 'the receiver answered 410 Gone' });
    expect(listed!.failingSince).not.toBeNull();
    await subscriptions.releaseLease(id, 'worker-1');
    expect((await subscriptions.claimDue('worker-1', 15, 20)).map((s) => s.id)).not.toContain(id);
  });

  it('counts the backlog of the furthest-behind active subscription', async () => {
    const organization = await anOrganization(db.dataSource);
    const before = await subscriptions.backlog();
    await aSubscription(organization);
    await db.dataSource.transaction((em) =>
      events.append(em, [aStatusChange(organization), aStatusChange(organization)]),
    );
    expect(await subscriptions.backlog()).toBe(before + 2);
  });

  it('finds the secrets stored in clear (whsec_…), and replaces one unless it changed meanwhile', async () => {
    const organization = await anOrganization(db.dataSource);
    const clear = await aSubscription(organization, { sealedSecret: 'whsec_abc' });
    const lookalike = await aSubscription(organization, { sealedSecret: 'whsecXabc' });
    const found = (await subscriptions.secretsInClear()).map((row) => row.id);
    expect(found).toContain(clear.id);
    expect(found).not.toContain(lookalike.id);

    await subscriptions.replaceSecret(clear.id, 'whsec_other', 'v1.k.sealed');
    expect((await stored(clear.id))!.secret).toBe('whsec_abc');
    await subscriptions.replaceSecret(clear.id, 'whsec_abc', 'v1.k.sealed');
    expect((await stored(clear.id))!.secret).toBe('v1.k.sealed');
  });
});
