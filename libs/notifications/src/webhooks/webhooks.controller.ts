import { Body, Controller, Get, HttpCode, Param, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  ANY_ROLE,
  type Caller,
  CurrentCaller,
  Delete,
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

@ApiTags('status updates')
@Controller('webhooks')
@Roles(...ANY_ROLE)
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(201)
  @ShowsSecretOnce()
  @ApiConflictResponse({
    description:
      'A replay of this Idempotency-Key: the subscription was created (createdId) and its secret shown once; it is not sent again',
  })
  @ApiCreatedResponse({
    type: CreatedWebhookDto,
    description: 'Receives, from now on, the status changes the caller may see, signed per Standard Webhooks',
  })
  @ApiUnprocessableEntityResponse({
    description: 'Not https (or http when allowed), or resolving to a private address',
  })
  create(@CurrentCaller() caller: Caller, @Body() input: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.webhooks.create(caller, input);
  }

  @Get()
  @ApiOkResponse({ type: WebhookPageDto, description: "The organization's subscriptions (an admin: all)" })
  list(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<Page<WebhookDto>> {
    return this.webhooks.list(caller, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Unsubscribed; nothing more is delivered' })
  @ApiNotFoundResponse({ description: "No such webhook, or another organization's" })
  remove(@CurrentCaller() caller: Caller, @Param('id', UUID_404) id: string): Promise<void> {
    return this.webhooks.remove(caller, id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: DeliveryPageDto, description: 'Delivery attempts, newest first' })
  @ApiNotFoundResponse({ description: "No such webhook, or another organization's" })
  deliveries(
    @CurrentCaller() caller: Caller,
    @Param('id', UUID_404) id: string,
    @Query() query: DeliveryQueryDto,
  ): Promise<Page<DeliveryDto>> {
    return this.webhooks.deliveries(caller, id, query);
  }

  @Post(':id/test')
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
