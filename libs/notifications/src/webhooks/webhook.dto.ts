import { ApiProperty } from '@nestjs/swagger';
import { PageQueryDto } from '@landbridge/common';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { STATUS_CHANGED, UPDATE_TYPES } from '../status-events/status-event.dto.js';

/** What a subscription may receive: every update type. */
export const WEBHOOK_EVENTS = UPDATE_TYPES;

/** The type of the event POST /webhooks/:id/test sends (never in the feed). */
export const WEBHOOK_TEST = 'webhook.test';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://erp.example.com/landbridge/webhooks', maxLength: 2000 })
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
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events: string[];
  @ApiProperty({ enum: ['active', 'disabled'] }) status: 'active' | 'disabled';
  @ApiProperty({ nullable: true, type: String, description: 'Why deliveries stopped (410 Gone, 3 days of failures)' })
  disabledReason: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Failing without a success since' })
  failingSince: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Shown this once' })
  secret: string;
}

export class WebhookPageDto {
  @ApiProperty({ type: [WebhookDto] }) items: WebhookDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The event, also sent as webhook-id' }) eventId: string;
  @ApiProperty({ example: 1, description: '1 for the first attempt of this event' }) attempt: number;
  @ApiProperty() succeeded: boolean;
  @ApiProperty({ nullable: true, type: Number }) statusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() durationMs: number;
  @ApiProperty({ format: 'date-time' }) attemptedAt: string;
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
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class DeliveryQueryDto extends PageQueryDto {}
