import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXAMPLE } from '@landbridge/common';
import { CONSIGNMENT_STATUSES, type ConsignmentStatus } from '@landbridge/operations';
import { CONSIGNMENT_EVENT_TYPES, TRAIN_EVENT_TYPES, TRANSSHIPPED, type EventType } from '../journey/event-types.js';

export class PageStationDto {
  @ApiProperty({ example: 'RUMOW' }) code: string;
  @ApiProperty({ example: 'Moscow (Vorsino)' }) name: string;
}

export class PageConsigneeDto {
  @ApiProperty({ example: 'Avtobus Moskva LLC' }) name: string;
  @ApiProperty({ example: 'RU', description: 'ISO 3166-1 alpha-2' }) country: string;
}

export class PageEtaRangeDto {
  @ApiProperty({ format: 'date-time', example: '2024-04-04T06:00:00.000Z' }) low: string;
  @ApiProperty({ format: 'date-time', example: '2024-04-07T18:00:00.000Z' }) high: string;
  @ApiProperty({ example: 0.8 }) confidence: number;
}

export class MilestoneDto {
  @ApiProperty({ example: 'MNZUU' }) stationCode: string;
  @ApiProperty({ example: 'Zamyn-Uud' }) stationName: string;
  @ApiProperty({ format: 'date-time', example: '2024-03-22T03:30:00.000Z', description: 'When the plan has it' })
  plannedAt: string;
  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    example: '2024-03-22T05:10:00.000Z',
    description: 'When the train was seen there (its first event there); null while not',
  })
  actualAt: string | null;
  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    example: null,
    description: 'When it is expected there, for stops ahead; null once seen, or passed unseen',
  })
  expectedAt: string | null;
  @ApiProperty({
    example: true,
    description: 'The stop lies in another country than the stop before it: the train crosses a border on the way here',
  })
  borderCrossing: boolean;
  @ApiProperty({ example: true, description: 'Containers change from 1435 mm to 1520 mm wagons at this stop' })
  gaugeChange: boolean;
}

export class PageEventDto {
  @ApiProperty({ enum: [...TRAIN_EVENT_TYPES, TRANSSHIPPED, ...CONSIGNMENT_EVENT_TYPES], example: 'BORDER_CROSSED' })
  type: EventType;
  @ApiProperty({ example: 'MNZUU' }) stationCode: string;
  @ApiProperty({ example: 'Zamyn-Uud' }) stationName: string;
  @ApiProperty({ format: 'date-time', example: '2024-03-22T05:10:00.000Z' }) occurredAt: string;
}

export class PageVehicleDto {
  @ApiProperty({ example: EXAMPLE.vin }) vin: string;
  @ApiProperty({ example: 'Yutong' }) make: string;
  @ApiProperty({ example: 'ZK6122H9' }) model: string;
}

/**
 * What the public tracking page shows of one consignment (GET /track/:token/data): no declared value, no
 * exporter, nothing of any other consignment.
 */
export class TrackingPageDataDto {
  @ApiProperty({ example: 'CRE-2024-000123' }) waybillNumber: string;
  @ApiProperty({ type: PageConsigneeDto }) consignee: PageConsigneeDto;
  @ApiProperty({ enum: CONSIGNMENT_STATUSES, example: 'in_transit' }) status: ConsignmentStatus;
  @ApiProperty({ type: PageStationDto }) origin: PageStationDto;
  @ApiProperty({ type: PageStationDto }) destination: PageStationDto;
  @ApiProperty({ type: PageStationDto, nullable: true, description: 'Where it was last seen; null before departure' })
  currentStation: PageStationDto | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: '2024-04-05T12:00:00.000Z' })
  eta: string | null;
  @ApiPropertyOptional({
    type: PageEtaRangeDto,
    nullable: true,
    description: 'The interval the arrival is expected in, when the service predicts one',
  })
  etaRange?: PageEtaRangeDto | null;
  @ApiProperty({ type: [MilestoneDto], description: 'The stops of the route in order, planned and actual' })
  milestones: MilestoneDto[];
  @ApiProperty({ type: [PageEventDto], description: 'What happened on the way, in time order' })
  events: PageEventDto[];
  @ApiProperty({ type: [PageVehicleDto] }) vehicles: PageVehicleDto[];
  @ApiProperty({
    format: 'date-time',
    example: '2024-05-05T12:00:00.000Z',
    description: 'When this link stops working',
  })
  linkExpiresAt: string;
}
