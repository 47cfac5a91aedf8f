import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, EXAMPLE, MAX_PAGE_SIZE } from '@landbridge/common';

export const STATUS_CHANGED = 'consignment.status_changed';

export class StatusChangeDataDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.consignmentId })
  consignmentId: string;

  @ApiProperty({ example: EXAMPLE.waybillNumber })
  waybillNumber: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.exporterId })
  exporterId: string;

  @ApiProperty({
    example: 'in_transit',
    description: 'A consignment status (booked, loaded, in_transit, customs_hold …)',
  })
  previousStatus: string;

  @ApiProperty({ example: 'customs_hold' })
  status: string;

  @ApiProperty({ example: 'MNZUU', nullable: true, type: String, description: 'Where it happened' })
  stationCode: string | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: EXAMPLE.eta,
    description: 'The expected arrival at the destination after the change',
  })
  eta: string | null;
}

export class StatusEventDto {
  @ApiProperty({
    format: 'uuid',
    example: EXAMPLE.statusEventId,
    description: 'Stable across deliveries: consumers de-duplicate on it',
  })
  id: string;

  @ApiProperty({ enum: [STATUS_CHANGED], example: STATUS_CHANGED })
  type: typeof STATUS_CHANGED;

  @ApiProperty({
    format: 'date-time',
    example: '2024-03-22T09:40:00.000Z',
    description: 'When the change happened (the time of the event causing it)',
  })
  occurredAt: string;

  @ApiProperty({ type: StatusChangeDataDto })
  data: StatusChangeDataDto;
}

export class StatusEventPageDto {
  @ApiProperty({ type: [StatusEventDto] })
  items: StatusEventDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    example: EXAMPLE.statusEventId,
    description: 'The id of the last item, to pass as `after`; null when there was nothing new',
  })
  nextCursor: string | null;
}

export class FeedQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    example: EXAMPLE.statusEventId,
    description: 'The id of the last event seen; omit to start at the beginning',
  })
  @IsOptional()
  @IsUUID()
  after?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "The previous page's nextCursor: the same as `after`, as every list of the API accepts it",
  })
  @IsOptional()
  @IsUUID()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;
}

/** One change of a consignment's status, as the context that changed it reports it. */
export interface StatusChange {
  consignmentId: string;
  waybillNumber: string;
  exporterId: string;
  previousStatus: string;
  status: string;
  stationCode: string | null;
  eta: Date | null;
  occurredAt: Date;
}
