import { Body, Controller, Get, HttpCode, Param, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
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
  type DeliveryDto,
  DeliveryPageDto,
  DeliveryQueryDto,
  type WebhookDto,
  WebhookPageDto,
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
}
