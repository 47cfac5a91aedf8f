import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE, PageQueryDto, ApiNextCursor } from '@landbridge/common';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { STATUS_CHANGED, UPDATE_TYPES } from '../status-events/status-event.dto.js';

/** What a subscription may receive: every update type. */
export const WEBHOOK_EVENTS = UPDATE_TYPES;

/** The type of the event POST /webhooks/:id/test sends (never in the feed). */
export const WEBHOOK_TEST = 'webhook.test';

const WEBHOOK_URL = 'https://erp.byd.example/landbridge/webhooks';

export class CreateWebhookDto {
  @ApiProperty({
    example: WEBHOOK_URL,
    maxLength: 2000,
    description: 'https:, resolving only to public addresses; deliveries are POSTed to it',
  })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({
    enum: WEBHOOK_EVENTS,
    isArray: true,
    example: [STATUS_CHANGED, 'consignment.eta_changed'],
    description: 'The update types to deliver; events of other types are not sent',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events: (typeof WEBHOOK_EVENTS)[number][];
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.webhookId }) id: string;
  @ApiProperty({ example: WEBHOOK_URL }) url: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, example: [STATUS_CHANGED] }) events: string[];
  @ApiProperty({ enum: ['active', 'disabled'], example: 'active', description: 'disabled: nothing more is delivered' })
  status: 'active' | 'disabled';
  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'Why deliveries stopped (410 Gone, 3 days of failures); null while active',
  })
  disabledReason: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    example: null,
    description: 'Failing without a success since; null while deliveries succeed',
  })
  failingSince: string | null;
  @ApiProperty({ format: 'date-time', example: '2024-03-18T08:20:03.117Z' }) createdAt: string;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBq1Xk3D7vGU=',
    description: 'The signing secret of the deliveries (Standard Webhooks): shown this once, store it now',
  })
  secret: string;
}

export class WebhookPageDto {
  @ApiProperty({ type: [WebhookDto] }) items: WebhookDto[];
  @ApiNextCursor() nextCursor: string | null;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.deliveryId }) id: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE.statusEventId, description: 'The event, also sent as webhook-id' })
  eventId: string;
  @ApiProperty({ example: 2, description: '1 for the first attempt of this event' }) attempt: number;
  @ApiProperty({ example: true, description: 'The receiver answered 2xx in time' }) succeeded: boolean;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 200,
    description: "The receiver's status; null without an answer",
  })
  statusCode: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'Why it failed without an answer (timeout …)',
  })
  error: string | null;
  @ApiProperty({ example: 184, description: 'Milliseconds until the answer' }) durationMs: number;
  @ApiProperty({ format: 'date-time', example: '2024-03-22T09:40:05.310Z' }) attemptedAt: string;
}

class WebhookTestDataDto {
  @ApiProperty({ format: 'uuid', description: 'The subscription tested' }) webhookId: string;
}

/** The body of a test delivery, signed like every other. */
export class WebhookTestEventDto {
  @ApiProperty({ format: 'uuid', description: 'A new id for each test, also sent as webhook-id' }) id: string;
  @ApiProperty({ enum: [WEBHOOK_TEST] }) type: typeof WEBHOOK_TEST;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: WebhookTestDataDto }) data: WebhookTestDataDto;
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] }) items: DeliveryDto[];
  @ApiNextCursor() nextCursor: string | null;
}

export class DeliveryQueryDto extends PageQueryDto {}
