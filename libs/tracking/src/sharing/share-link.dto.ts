import { ApiNextCursor } from '@landbridge/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional } from 'class-validator';

const LINK_ID = '5f0c2a7e-8b14-4d3e-9a61-2c7b8e4f1d90';
const CONSIGNMENT_ID = '3b9d6c1a-4e2f-4a8b-9c7d-1e5f2a3b4c6d';
const EXPIRES_AT = '2024-05-20T09:30:00.000Z';

export class CreateShareLinkDto {
  @ApiPropertyOptional({
    format: 'date-time',
    example: EXPIRES_AT,
    description:
      'When the link stops working: after now, at most 180 days ahead. Without it, 30 days after the ' +
      'consignment is delivered (180 days after creation at the latest)',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'expiresAt must be an RFC 3339 date-time' })
  expiresAt?: Date;
}

export class CreatedShareLinkDto {
  @ApiProperty({ format: 'uuid', example: LINK_ID }) id: string;

  @ApiProperty({
    format: 'uri',
    example: 'https://track.landbridge.dev/track/q3Vd8sK1mXwZr0yT6bN2cJ5hF9gL4pA7eU0iO3sD2fG',
    description: 'The page to send to the consignee; its token is in this answer only (only a hash is kept)',
  })
  url: string;

  @ApiProperty({
    format: 'date-time',
    example: EXPIRES_AT,
    description:
      'When it stops working as things stand: the chosen expiry; else 30 days after delivery, or while not ' +
      'delivered 180 days after creation (delivery brings it forward)',
  })
  expiresAt: string;
}

export class ShareLinkDto {
  @ApiProperty({ format: 'uuid', example: LINK_ID }) id: string;
  @ApiProperty({ format: 'uuid', example: CONSIGNMENT_ID }) consignmentId: string;
  @ApiProperty({ format: 'date-time', example: '2024-03-20T09:30:00.000Z' }) createdAt: string;
  @ApiProperty({ format: 'date-time', example: EXPIRES_AT, description: 'As in the answer that created it' })
  expiresAt: string;
  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    example: null,
    description: 'When it was revoked; null while it works',
  })
  revokedAt: string | null;
}

export class ShareLinkPageDto {
  @ApiProperty({ type: [ShareLinkDto] }) items: ShareLinkDto[];
  @ApiNextCursor()
  nextCursor: string | null;
}
