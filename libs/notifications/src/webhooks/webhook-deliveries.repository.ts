import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { cursorTime, Keyset, type Page, queryRow, queryRows, rawSql, sql, toPage, where } from '@landbridge/common';
import { DataSource } from 'typeorm';
import type { DeliveryDto } from './webhook.dto.js';

/** One delivery attempt of an event to a subscription, as the relay reports it. */
export interface DeliveryAttempt {
  eventId: string;
  /** 1 for the first attempt of this event. */
  attempt: number;
  succeeded: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

const NEWEST_FIRST = new Keyset(['attempted_at', 'id'], ['instant', 'uuid'] as const, 'desc');

/** The log of webhook delivery attempts (table webhook_deliveries), kept with its subscription. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Logs an attempt, answered as listed; nothing (undefined) when the subscription has been deleted meanwhile. */
  async record(subscriptionId: string, attempt: DeliveryAttempt): Promise<DeliveryDto | undefined> {
    const row = await queryRow<DeliveryRow>(
      this.dataSource,
      sql`INSERT INTO webhook_deliveries (subscription_id, event_id, attempt, succeeded, status_code, error, duration_ms)
       SELECT id, ${attempt.eventId}, ${attempt.attempt}, ${attempt.succeeded}, ${attempt.statusCode}, ${attempt.error}, ${attempt.durationMs}
       FROM webhook_subscriptions WHERE id = ${subscriptionId}
       RETURNING ${COLUMNS}`,
    );
    return row && toDelivery(row);
  }

  /** The attempts of a subscription, newest first, by keyset. */
  async list(subscriptionId: string, page: { limit: number; cursor?: string }): Promise<Page<DeliveryDto>> {
    const rows = await queryRows<DeliveryRow & { cursor_at: string }>(
      this.dataSource,
      sql`SELECT ${COLUMNS}, ${rawSql(cursorTime('attempted_at'))} AS cursor_at
       FROM webhook_deliveries ${where(sql`subscription_id = ${subscriptionId}`, NEWEST_FIRST.after(page.cursor))}
       ORDER BY ${NEWEST_FIRST.orderBy} LIMIT ${page.limit + 1}`,
    );
    return toPage(rows, page.limit, toDelivery, (row) => NEWEST_FIRST.key(row.cursor_at, row.id));
  }
}

interface DeliveryRow {
  id: string;
  event_id: string;
  attempt: number;
  succeeded: boolean;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  attempted_at: Date;
}

const COLUMNS = rawSql('id, event_id, attempt, succeeded, status_code, error, duration_ms, attempted_at');

function toDelivery(row: DeliveryRow): DeliveryDto {
  return {
    id: row.id,
    eventId: row.event_id,
    attempt: row.attempt,
    succeeded: row.succeeded,
    statusCode: row.status_code,
    error: row.error,
    durationMs: row.duration_ms,
    attemptedAt: row.attempted_at.toISOString(),
  };
}
