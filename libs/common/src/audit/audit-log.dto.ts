import { ApiNextCursor } from '../pagination/page-query.dto.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ROLES, type Role } from '../access/role.js';
import { PageQueryDto } from '../pagination/page-query.dto.js';
import { IsTimestamp } from '../validation/instant-range.js';

export class AuditLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'consignment', description: 'Only entries about objects of this kind' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{1,40}$/, { message: 'must be a kind such as consignment, train or api_key' })
  entityType?: string;

  @ApiPropertyOptional({
    example: '0b7e4c2a-9d1f-4a36-8e5b-3c2d1f0a9b87',
    description: 'Only entries about this object: its id, or its code for a station or route',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only entries of this user or API key' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Entries at or after this instant' })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Entries before this instant' })
  @IsOptional()
  @IsTimestamp()
  to?: string;
}

export class AuditActorDto {
  @ApiProperty({
    format: 'uuid',
    example: '5d0c3c1e-7b2a-4f5e-9a0d-6c1b2e3f4a5b',
    description: 'The user, or the creator of the API key used',
  })
  userId!: string;

  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    example: null,
    description: 'The API key used, if any',
  })
  apiKeyId!: string | null;

  @ApiProperty({ format: 'uuid', example: '8a1f2e3d-4c5b-4a69-8f7e-6d5c4b3a2f10' })
  organizationId!: string;

  @ApiProperty({ enum: ROLES, example: 'operator' })
  role!: Role;
}

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid', example: '3f6e2a1b-9c8d-4e7f-a6b5-c4d3e2f1a0b9' })
  id!: string;

  @ApiProperty({ format: 'date-time', example: '2024-03-20T01:30:00.000Z' })
  occurredAt!: string;

  @ApiProperty({ type: AuditActorDto })
  actor!: AuditActorDto;

  @ApiProperty({
    example: 'train.updated',
    description: '`<entity>.<verb>`, such as consignment.created or api_key.revoked',
  })
  action!: string;

  @ApiProperty({ example: 'train' })
  entityType!: string;

  @ApiProperty({ type: 'string', nullable: true, example: '0b7e4c2a-9d1f-4a36-8e5b-3c2d1f0a9b87' })
  entityId!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', minItems: 2, maxItems: 2, items: {} },
    example: { status: ['planned', 'cancelled'] },
    description:
      'The fields the request set, each as `[before, after]` (before is null for a create). A list of objects or ' +
      'of more than 500 values is given by its count (`{ "count": 20000 }`); secrets and passwords never appear.',
  })
  changes!: Record<string, unknown>;

  @ApiProperty({ example: '7c9e6679-7425-40de-944b-e07fc1f90ae7', description: 'The X-Request-Id of the request' })
  requestId!: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'cancel-X8202-2024-03-19',
    description: 'The Idempotency-Key of the request, if it had one',
  })
  idempotencyKey!: string | null;
}

export class AuditEntryPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items!: AuditEntryDto[];

  @ApiNextCursor()
  nextCursor!: string | null;
}
