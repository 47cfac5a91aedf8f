import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type AppConfig,
  type Caller,
  cursorTime,
  decodeCursor,
  encodeCursor,
  InvalidInputError,
  NotFoundError,
  ownerScope,
  type Page,
  type PageQueryDto,
  toPage,
} from '@landbridge/common';
import { DataSource } from 'typeorm';
import { StatusEventsService } from '../status-events/status-events.service.js';
import type { CreatedWebhookDto, CreateWebhookDto, DeliveryDto, WebhookDto } from './webhook.dto.js';
import { WebhookSecrets } from './webhook-secrets.js';
import { checkTargetUrl, type TargetPolicy } from './webhook-target.js';

interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  status: 'active' | 'disabled';
  disabled_reason: string | null;
  failing_since: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, url, events, status, disabled_reason, failing_since, created_at';

/** Webhook subscriptions of an organization (an admin sees all), and the log of their deliveries. */
@Injectable()
export class WebhooksService {
  readonly policy: TargetPolicy;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly statusEvents: StatusEventsService,
    private readonly secrets: WebhookSecrets,
    config: ConfigService<AppConfig, true>,
  ) {
    this.policy = {
      allowHttp: config.get('ALLOW_HTTP_WEBHOOKS', { infer: true }),
      allowPrivate: config.get('ALLOW_PRIVATE_WEBHOOKS', { infer: true }),
    };
  }

  /** Subscribes from now on: deliveries start with the next status change the caller may see. */
  async create(caller: Caller, input: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const problem = await checkTargetUrl(input.url, this.policy);
    if (problem) throw new InvalidInputError('The webhook URL cannot be used', [{ field: 'url', message: problem }]);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const position = await this.statusEvents.currentPosition();
    const [row] = await this.dataSource.query<WebhookRow[]>(
      `INSERT INTO webhook_subscriptions (organization_id, exporter_id, created_by, url, events, secret, position_tx, position_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7::xid8, $8) RETURNING ${COLUMNS}`,
      [
        caller.organizationId,
        ownerScope(caller) ?? null,
        caller.userId,
        input.url,
        input.events,
        this.secrets.seal(secret),
        position.tx,
        position.seq,
      ],
    );
    return { ...toWebhookDto(row!), secret };
  }

  async list(caller: Caller, query: PageQueryDto): Promise<Page<WebhookDto>> {
    const params: unknown[] = [query.limit + 1];
    const where: string[] = [];
    if (caller.role !== 'admin') {
      params.push(caller.organizationId);
      where.push(`organization_id = $${params.length}`);
    }
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, ['instant', 'uuid']);
      params.push(at, id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows = await this.dataSource.query<(WebhookRow & { cursor_at: string })[]>(
      `SELECT ${COLUMNS}, ${cursorTime('created_at')} AS cursor_at
       FROM webhook_subscriptions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT $1`,
      params,
    );
    return toPage(rows, query.limit, toWebhookDto, (row) => encodeCursor([row.cursor_at, row.id]));
  }

  async remove(caller: Caller, id: string): Promise<void> {
    const [row] = await this.dataSource.query<{ id: string }[]>(
      `WITH d AS (DELETE FROM webhook_subscriptions WHERE id = $1 AND ($2::uuid IS NULL OR organization_id = $2) RETURNING id)
       SELECT id FROM d`,
      [id, caller.role === 'admin' ? null : caller.organizationId],
    );
    if (!row) throw new NotFoundError('Webhook', id);
  }

  /** Attempts, newest first. */
  async deliveries(caller: Caller, id: string, query: PageQueryDto): Promise<Page<DeliveryDto>> {
    const [owned] = await this.dataSource.query<{ id: string }[]>(
      'SELECT id FROM webhook_subscriptions WHERE id = $1 AND ($2::uuid IS NULL OR organization_id = $2)',
      [id, caller.role === 'admin' ? null : caller.organizationId],
    );
    if (!owned) throw new NotFoundError('Webhook', id);
    const params: unknown[] = [id, query.limit + 1];
    let after = '';
    if (query.cursor) {
      const [at, deliveryId] = decodeCursor(query.cursor, ['instant', 'uuid']);
      params.push(at, deliveryId);
      after = 'AND (attempted_at, id) < ($3::timestamptz, $4::uuid)';
    }
    const rows = await this.dataSource.query<
      {
        id: string;
        event_id: string;
        attempt: number;
        succeeded: boolean;
        status_code: number | null;
        error: string | null;
        duration_ms: number;
        attempted_at: Date;
        cursor_at: string;
      }[]
    >(
      `SELECT id, event_id, attempt, succeeded, status_code, error, duration_ms, attempted_at,
         ${cursorTime('attempted_at')} AS cursor_at
       FROM webhook_deliveries WHERE subscription_id = $1 ${after} ORDER BY attempted_at DESC, id DESC LIMIT $2`,
      params,
    );
    return toPage(
      rows,
      query.limit,
      (row) => ({
        id: row.id,
        eventId: row.event_id,
        attempt: row.attempt,
        succeeded: row.succeeded,
        statusCode: row.status_code,
        error: row.error,
        durationMs: row.duration_ms,
        attemptedAt: row.attempted_at.toISOString(),
      }),
      (row) => encodeCursor([row.cursor_at, row.id]),
    );
  }
}

function toWebhookDto(row: WebhookRow): WebhookDto {
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
