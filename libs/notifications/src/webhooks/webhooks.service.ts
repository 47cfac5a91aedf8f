import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AppConfig, type Caller, ownerScope, type Page, type PageQueryDto } from '@landbridge/common';
import { WebhookNotFoundError, WebhookTargetNotAllowedError } from '../notifications-errors.js';
import { StatusEventsService } from '../status-events/status-events.service.js';
import {
  type CreatedWebhookDto,
  type CreateWebhookDto,
  type DeliveryDto,
  WEBHOOK_TEST,
  type WebhookDto,
  type WebhookTestEventDto,
} from './webhook.dto.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';
import { WebhookSecrets } from './webhook-secrets.js';
import { sendWebhook } from './webhook-sender.js';
import { WebhookSubscriptionsRepository, webhookScopeOf } from './webhook-subscriptions.repository.js';
import { checkTargetUrl, type TargetPolicy } from './webhook-target.js';

/** Webhook subscriptions of an organization (an admin sees all), and the log of their deliveries. */
@Injectable()
export class WebhooksService {
  readonly policy: TargetPolicy;

  constructor(
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveryLog: WebhookDeliveriesRepository,
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
    if (problem) throw new WebhookTargetNotAllowedError(input.url, problem);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const position = await this.statusEvents.currentPosition();
    const webhook = await this.subscriptions.create({
      organizationId: caller.organizationId,
      exporterId: ownerScope(caller) ?? null,
      createdBy: caller.userId,
      url: input.url,
      events: input.events,
      sealedSecret: this.secrets.seal(secret),
      position,
    });
    return { ...webhook, secret };
  }

  list(caller: Caller, query: PageQueryDto): Promise<Page<WebhookDto>> {
    return this.subscriptions.list(webhookScopeOf(caller), query);
  }

  async remove(caller: Caller, id: string): Promise<void> {
    if (!(await this.subscriptions.remove(webhookScopeOf(caller), id))) throw new WebhookNotFoundError(id);
  }

  /** Attempts, newest first. */
  async deliveries(caller: Caller, id: string, query: PageQueryDto): Promise<Page<DeliveryDto>> {
    if (!(await this.subscriptions.isVisible(webhookScopeOf(caller), id))) throw new WebhookNotFoundError(id);
    return this.deliveryLog.list(id, query);
  }

  /**
   * Sends a signed `webhook.test` event to the subscription at once (active or disabled; its cursor and
   * retry state untouched) and logs the attempt with its deliveries; the answer is that attempt. The
   * receiver's failure is the answer's `succeeded: false`, not an error of this request.
   */
  async sendTest(caller: Caller, id: string): Promise<DeliveryDto> {
    const target = await this.subscriptions.findTarget(webhookScopeOf(caller), id);
    if (!target) throw new WebhookNotFoundError(id);
    const event: WebhookTestEventDto = {
      id: randomUUID(),
      type: WEBHOOK_TEST,
      occurredAt: new Date().toISOString(),
      data: { webhookId: id },
    };
    const result = await sendWebhook(
      { url: target.url, secret: this.secrets.open(target.sealedSecret) },
      event,
      this.policy,
    );
    const delivery = await this.deliveryLog.record(id, {
      eventId: event.id,
      attempt: 1,
      succeeded: result.ok,
      statusCode: result.statusCode,
      error: result.error,
      durationMs: result.durationMs,
    });
    // Deleted while the test was on its way.
    if (!delivery) throw new WebhookNotFoundError(id);
    return delivery;
  }
}
