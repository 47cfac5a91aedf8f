import { Body, Controller, Get, HttpCode, Param, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  Audited,
  ANY_ROLE,
  ApiIdParam,
  ApiProblems,
  type Caller,
  CurrentCaller,
  Delete,
  EXAMPLE,
  type Page,
  PageQueryDto,
  Post,
  Roles,
  ShowsSecretOnce,
  UUID_404,
} from '@landbridge/common';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  DeliveryDto,
  DeliveryPageDto,
  DeliveryQueryDto,
  type WebhookDto,
  WebhookPageDto,
  WebhookTestEventDto,
} from './webhook.dto.js';
import { WebhooksService } from './webhooks.service.js';

const NOT_FOUND = "No webhook has this id, or it is another organization's (never told apart)";

@ApiTags('status updates')
@Controller('webhooks')
@Roles(...ANY_ROLE)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Audited('webhook.created')
  @HttpCode(201)
  @ShowsSecretOnce()
  @ApiOperation({
    summary: 'Subscribe a webhook',
    description:
      'From now on, each status update the caller may see (staff: all; an exporter: its own) is POSTed to `url`, ' +
      'signed per Standard Webhooks (`webhook-id` = the event id, `webhook-timestamp`, `webhook-signature` with the ' +
      '`secret` of this answer, shown once). Deliveries go in feed order, one at a time; a non-2xx answer or none ' +
      'within 10 s is retried (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then every 10 h); after 3 days of failures, or at ' +
      'once on 410 Gone, the subscription is disabled. Redirects are not followed.',
  })
  @ApiCreatedResponse({
    type: CreatedWebhookDto,
    description: 'Receives, from now on, the status changes the caller may see, signed per Standard Webhooks',
  })
  @ApiProblems({
    422: {
      description: 'The URL is not https (or http when allowed), or its host resolves to a private address',
      slug: 'webhook-target-not-allowed',
      detail: 'The webhook URL cannot be used',
      errors: [
        {
          field: 'url',
          message: 'must be an https: URL (ALLOW_HTTP_WEBHOOKS=true allows http:, for local development)',
        },
      ],
    },
  })
  create(@CurrentCaller() caller: Caller, @Body() input: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.webhooks.create(caller, input);
  }

  @Get()
  @ApiOperation({
    summary: 'List webhooks',
    description:
      "The organization's subscriptions (an admin: every one), with their status: `disabled` with the reason when " +
      'deliveries stopped, `failingSince` while they fail. Paginated with `limit` and `cursor`.',
  })
  @ApiOkResponse({ type: WebhookPageDto, description: "The organization's subscriptions (an admin: all)" })
  list(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<Page<WebhookDto>> {
    return this.webhooks.list(caller, query);
  }

  @Delete(':id')
  @Audited('webhook.deleted')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Unsubscribe a webhook',
    description: 'Deletes a subscription of your organization (an admin: any); nothing more is delivered to it.',
  })
  @ApiIdParam('webhook', EXAMPLE.webhookId, NOT_FOUND)
  @ApiNoContentResponse({ description: 'Unsubscribed; nothing more is delivered' })
  remove(@CurrentCaller() caller: Caller, @Param('id', UUID_404) id: string): Promise<void> {
    return this.webhooks.remove(caller, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: 'List the delivery attempts of a webhook',
    description:
      'Every attempt to deliver to this subscription, newest first: the event, the attempt number, the status code ' +
      'the receiver answered (or the error without an answer) and how long it took. Paginated with `limit` and `cursor`.',
  })
  @ApiIdParam('webhook', EXAMPLE.webhookId, NOT_FOUND)
  @ApiOkResponse({ type: DeliveryPageDto, description: 'Delivery attempts, newest first' })
  deliveries(
    @CurrentCaller() caller: Caller,
    @Param('id', UUID_404) id: string,
    @Query() query: DeliveryQueryDto,
  ): Promise<Page<DeliveryDto>> {
    return this.webhooks.deliveries(caller, id, query);
  }

  @Post(':id/test')
  @Audited('webhook.tested', { param: 'id' })
  @HttpCode(200)
  @ApiExtraModels(WebhookTestEventDto)
  @ApiOperation({
    summary: 'Send a test event to a webhook',
    description:
      'Sends a `webhook.test` event (`{ id, type: "webhook.test", occurredAt, data: { webhookId } }`, schema ' +
      "WebhookTestEventDto), signed with the subscription's secret like every delivery, to its URL at once, " +
      'and answers with the attempt: the status code the receiver answered (null when it did not), the error ' +
      'if any, and the duration. The attempt is also listed in GET /webhooks/:id/deliveries (its eventId is ' +
      "the test event's id). Works on a disabled subscription too; it changes neither its state nor what is " +
      'delivered next. A receiver that fails answers 200 here with `succeeded: false`.',
  })
  @ApiOkResponse({ type: DeliveryDto, description: 'The attempt, as GET /webhooks/:id/deliveries lists it' })
  @ApiNotFoundResponse({ description: "No such webhook, or another organization's" })
  sendTest(@CurrentCaller() caller: Caller, @Param('id', UUID_404) id: string): Promise<DeliveryDto> {
    return this.webhooks.sendTest(caller, id);
  }
}
