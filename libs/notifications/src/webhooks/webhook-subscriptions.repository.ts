import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type Caller,
  cursorTime,
  execute,
  Keyset,
  type Page,
  queryRow,
  queryRows,
  rawSql,
  type Sql,
  sql,
  toPage,
  where,
} from '@landbridge/common';
import { DataSource } from 'typeorm';
import type { FeedPosition } from '../status-events/status-events.repository.js';
import type { WebhookDto } from './webhook.dto.js';

const WEBHOOK_SCOPE = Symbol('landbridge:webhook-scope');

/**
 * Whose subscriptions a caller may list, delete and read the deliveries of: an admin every
 * organization's, anyone else (an operator too) their own organization's. Not a TenantScope, which lets
 * all staff see all: a subscription holds an organization's endpoint. Made only by `webhookScopeOf`.
 */
export interface WebhookScope {
  readonly [WEBHOOK_SCOPE]: true;
  /** The organization, or undefined for all. */
  readonly organizationId: string | undefined;
}

export function webhookScopeOf(caller: Caller): WebhookScope {
  return { [WEBHOOK_SCOPE]: true, organizationId: caller.role === 'admin' ? undefined : caller.organizationId };
}

function ofOrganization(scope: WebhookScope): Sql {
  return scope.organizationId === undefined ? rawSql('true') : sql`organization_id = ${scope.organizationId}`;
}

export interface NewSubscription {
  organizationId: string;
  /** The exporter whose events it receives, or null for every exporter's (created by staff). */
  exporterId: string | null;
  createdBy: string;
  url: string;
  events: readonly string[];
  /** The signing secret as SecretBox sealed it. */
  sealedSecret: string;
  /** Where in the feed its deliveries start. */
  position: FeedPosition;
}

/** A subscription leased to a worker for delivery: its target and its cursor in the feed. */
export interface ClaimedSubscription {
  id: string;
  url: string;
  /** The update types it receives. */
  events: string[];
  sealedSecret: string;
  exporterId: string | null;
  position: FeedPosition;
  /** Failed attempts at the event after the cursor. */
  attempts: number;
  failingSince: Date | null;
}

interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  status: 'active' | 'disabled';
  disabled_reason: string | null;
  failing_since: Date | null;
  created_at: Date;
}

const COLUMNS = rawSql('id, url, events, status, disabled_reason, failing_since, created_at');
const NEWEST_FIRST = new Keyset(['created_at', 'id'], ['instant', 'uuid'] as const, 'desc');

/**
 * Webhook subscriptions (table webhook_subscriptions). A subscription is also its own delivery cursor: a
 * position in the status-event feed, the time of its next attempt, and the lease of the worker that
 * delivers it (so that several workers share the work without doing it twice).
 */
@Injectable()
export class WebhookSubscriptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(subscription: NewSubscription): Promise<WebhookDto> {
    const row = await queryRow<WebhookRow>(
      this.dataSource,
      sql`INSERT INTO webhook_subscriptions (organization_id, exporter_id, created_by, url, events, secret, position_tx, position_seq)
       VALUES (${subscription.organizationId}, ${subscription.exporterId}, ${subscription.createdBy}, ${subscription.url},
         ${subscription.events}, ${subscription.sealedSecret}, ${subscription.position.tx}::xid8, ${subscription.position.seq})
       RETURNING ${COLUMNS}`,
    );
    return toWebhook(row!);
  }

  /** Newest first, by keyset. */
  async list(scope: WebhookScope, page: { limit: number; cursor?: string }): Promise<Page<WebhookDto>> {
    const rows = await queryRows<WebhookRow & { cursor_at: string }>(
      this.dataSource,
      sql`SELECT ${COLUMNS}, ${rawSql(cursorTime('created_at'))} AS cursor_at
       FROM webhook_subscriptions ${where(ofOrganization(scope), NEWEST_FIRST.after(page.cursor))}
       ORDER BY ${NEWEST_FIRST.orderBy} LIMIT ${page.limit + 1}`,
    );
    return toPage(rows, page.limit, toWebhook, (row) => NEWEST_FIRST.key(row.cursor_at, row.id));
  }

  /** Deletes the subscription (its deliveries with it); false when there is none in `scope`. */
  async remove(scope: WebhookScope, id: string): Promise<boolean> {
    const row = await queryRow<{ id: string }>(
      this.dataSource,
      sql`WITH d AS (DELETE FROM webhook_subscriptions WHERE id = ${id} AND ${ofOrganization(scope)} RETURNING id)
       SELECT id FROM d`,
    );
    return row !== undefined;
  }

  /** Whether the subscription exists in `scope`. */
  async isVisible(scope: WebhookScope, id: string): Promise<boolean> {
    const row = await queryRow<{ id: string }>(
      this.dataSource,
      sql`SELECT id FROM webhook_subscriptions WHERE id = ${id} AND ${ofOrganization(scope)}`,
    );
    return row !== undefined;
  }

  /** Where the subscription in `scope` delivers, and its sealed secret; undefined when there is none. */
  async findTarget(scope: WebhookScope, id: string): Promise<{ url: string; sealedSecret: string } | undefined> {
    return queryRow<{ url: string; sealedSecret: string }>(
      this.dataSource,
      sql`SELECT url, secret AS "sealedSecret" FROM webhook_subscriptions WHERE id = ${id} AND ${ofOrganization(scope)}`,
    );
  }

  /**
   * Leases up to `limit` active subscriptions that are due and not leased to `workerId` for
   * `leaseSeconds`; FOR UPDATE SKIP LOCKED, so concurrent workers claim different ones.
   */
  async claimDue(workerId: string, leaseSeconds: number, limit: number): Promise<ClaimedSubscription[]> {
    const rows = await queryRows<{
      id: string;
      url: string;
      events: string[];
      secret: string;
      exporter_id: string | null;
      tx: string;
      seq: string;
      attempts: number;
      failing_since: Date | null;
    }>(
      this.dataSource,
      sql`WITH c AS (
         UPDATE webhook_subscriptions s SET leased_until = now() + make_interval(secs => ${leaseSeconds}), leased_by = ${workerId}
         WHERE s.id IN (
           SELECT id FROM webhook_subscriptions
           WHERE status = 'active' AND next_attempt_at <= now() AND (leased_until IS NULL OR leased_until < now())
           ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
         RETURNING s.*
       ) SELECT id, url, events, secret, exporter_id, position_tx::text AS tx, position_seq::text AS seq, attempts,
           failing_since
         FROM c`,
    );
    return rows.map((row) => ({
      id: row.id,
      url: row.url,
      events: row.events,
      sealedSecret: row.secret,
      exporterId: row.exporter_id,
      position: { tx: row.tx, seq: row.seq },
      attempts: row.attempts,
      failingSince: row.failing_since,
    }));
  }

  /** Extends the lease for one more attempt; false when it was lost to another worker. */
  async renewLease(id: string, workerId: string, leaseSeconds: number): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      sql`WITH u AS (
         UPDATE webhook_subscriptions SET leased_until = now() + make_interval(secs => ${leaseSeconds})
         WHERE id = ${id} AND leased_by = ${workerId} RETURNING id
       ) SELECT id FROM u`,
    );
    return rows.length > 0;
  }

  /** Moves the cursor past an acknowledged event; false when the lease was lost to another worker. */
  async advance(id: string, workerId: string, position: FeedPosition): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      sql`WITH u AS (
         UPDATE webhook_subscriptions SET position_tx = ${position.tx}::xid8, position_seq = ${position.seq}, attempts = 0, failing_since = NULL
         WHERE id = ${id} AND leased_by = ${workerId} RETURNING id
       ) SELECT id FROM u`,
    );
    return rows.length > 0;
  }

  /**
   * Records a failed attempt: the count, since when it fails, the next attempt `delaySeconds` from now,
   * and, with a `disableReason`, the end of its deliveries. Only while `workerId` holds the lease.
   */
  async recordFailure(
    id: string,
    workerId: string,
    attempts: number,
    delaySeconds: number,
    disableReason: string | null,
  ): Promise<void> {
    await execute(
      this.dataSource,
      sql`UPDATE webhook_subscriptions SET attempts = ${attempts}, failing_since = COALESCE(failing_since, now()),
         next_attempt_at = now() + make_interval(secs => ${delaySeconds}),
         status = CASE WHEN ${disableReason}::text IS NULL THEN status ELSE 'disabled' END, disabled_reason = ${disableReason}
       WHERE id = ${id} AND leased_by = ${workerId}`,
    );
  }

  /** Gives the lease back (if `workerId` still holds it), so the subscription is due again at once. */
  async releaseLease(id: string, workerId: string): Promise<void> {
    await execute(
      this.dataSource,
      sql`UPDATE webhook_subscriptions SET leased_until = NULL, leased_by = NULL WHERE id = ${id} AND leased_by = ${workerId}`,
    );
  }

  /** Status events not yet delivered to the furthest-behind active subscription. */
  async backlog(): Promise<number> {
    const row = await queryRow<{ backlog: string }>(
      this.dataSource,
      sql`SELECT count(*) AS backlog FROM status_events e, (
         SELECT position_tx, position_seq FROM webhook_subscriptions WHERE status = 'active'
         ORDER BY position_tx, position_seq LIMIT 1) s
       WHERE (e.tx_id, e.seq) > (s.position_tx, s.position_seq)`,
    );
    return Number(row?.backlog ?? 0);
  }

  /** Signing secrets still stored in clear (`whsec_…`), as versions before sealing wrote them. */
  async secretsInClear(): Promise<{ id: string; secret: string }[]> {
    return queryRows<{ id: string; secret: string }>(
      this.dataSource,
      sql`SELECT id, secret FROM webhook_subscriptions WHERE secret LIKE 'whsec\\_%'`,
    );
  }

  /** Replaces a secret by its sealed form, unless it changed meanwhile. */
  async replaceSecret(id: string, current: string, sealed: string): Promise<void> {
    await execute(
      this.dataSource,
      sql`UPDATE webhook_subscriptions SET secret = ${sealed} WHERE id = ${id} AND secret = ${current}`,
    );
  }
}

function toWebhook(row: WebhookRow): WebhookDto {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    status: row.status,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
