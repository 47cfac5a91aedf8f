import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AppConfig, type Caller, ownerScope, type Page, type PageQueryDto } from '@landbridge/common';
import { WebhookNotFoundError, WebhookTargetNotAllowedError } from '../notifications-errors.js';
import { StatusEventsService } from '../status-events/status-events.service.js';
import type { CreatedWebhookDto, CreateWebhookDto, DeliveryDto, WebhookDto } from './webhook.dto.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';
import { WebhookSecrets } from './webhook-secrets.js';
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
}
