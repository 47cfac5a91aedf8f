import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXAMPLE, IsDecimalNumber, IsTimestamp, IsVin, UpperCase } from '@landbridge/common';
import { WagonRefDto } from '@landbridge/operations';
import {
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  CONSIGNMENT_EVENT_TYPES,
  type ConsignmentEventType,
  type EventType,
  TRAIN_EVENT_TYPES,
  type TrainEventType,
  TRANSSHIPPED,
} from '../journey/event-types.js';

/** Where something on the way happened: a station code (shape only; the route decides whether it fits). */
export const IsEventStation = () =>
  applyDecorators(
    IsString(),
    Length(5, 5),
    Matches(/^[A-Z]{2}[A-Z0-9]{3}$/, { message: 'must be a station code such as CNZGZ' }),
  );

/** When something on the way happened: RFC 3339 with an offset, within the years the service takes. */
export const IsEventInstant = IsTimestamp;

abstract class EventInputDto {
  @ApiProperty({ example: 'MNZUU', description: 'Where it happened: a stop of the route (or the destination)' })
  @IsEventStation()
  stationCode: string;

  @ApiProperty({ example: '2024-03-22T14:05:00+08:00', description: 'RFC 3339 with offset; at most 5 minutes ahead' })
  @IsEventInstant()
  occurredAt: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Arrived on track 4 of the transshipment yard' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CreateTrainEventDto extends EventInputDto {
  @ApiProperty({
    enum: TRAIN_EVENT_TYPES,
    example: 'ARRIVED_AT_STATION',
    description: 'DEPARTED (from the origin, first), then stops on the way, ARRIVED (at the destination, last)',
  })
  @IsIn(TRAIN_EVENT_TYPES)
  type: TrainEventType;

  @ApiPropertyOptional({ example: 12, description: 'Required for DELAYED (hours of expected delay), else absent' })
  @ValidateIf((event: CreateTrainEventDto) => event.type === 'DELAYED' || event.delayHours !== undefined)
  @IsDefined({ message: 'is required for a DELAYED event: the expected delay in hours' })
  @IsDecimalNumber(2)
  @Min(0.01)
  @Max(720)
  delayHours?: number;
}

export class CreateConsignmentEventDto extends EventInputDto {
  @ApiProperty({ enum: CONSIGNMENT_EVENT_TYPES, example: 'CUSTOMS_HOLD' })
  @IsIn(CONSIGNMENT_EVENT_TYPES)
  type: ConsignmentEventType;

  @ApiPropertyOptional({
    example: EXAMPLE.vin,
    description: 'The vehicle concerned (DAMAGE_REPORTED, UNLOADED), of this consignment; upper-cased',
  })
  @IsOptional()
  @UpperCase()
  @IsVin()
  vin?: string;
}

export class TrackingEventDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.trackingEventId }) id: string;
  @ApiProperty({
    enum: [...TRAIN_EVENT_TYPES, TRANSSHIPPED, ...CONSIGNMENT_EVENT_TYPES],
    example: 'ARRIVED_AT_STATION',
    description: 'TRANSSHIPPED: the gauge change with its new consist (POST /trains/:id/transshipments)',
  })
  type: EventType;
  @ApiProperty({ example: 'MNZUU' }) stationCode: string;
  @ApiProperty({ example: 'Zamyn-Uud' }) stationName: string;
  @ApiProperty({ format: 'date-time', example: EXAMPLE.arrivedAtBorderAt, description: 'When it happened' })
  occurredAt: string;
  @ApiProperty({ format: 'date-time', example: EXAMPLE.recordedAt, description: 'When the service learnt of it' })
  recordedAt: string;
  @ApiProperty({
    enum: ['train', 'consignment'],
    example: 'train',
    description: 'A train event or the consignment’s own',
  })
  source: 'train' | 'consignment';
  @ApiProperty({ nullable: true, type: String, example: 'Arrived on track 4 of the transshipment yard' })
  note: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, example: null, description: 'Hours of delay (DELAYED)' })
  delayHours?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: null, description: 'The vehicle concerned, if one' })
  vin?: string | null;
  @ApiPropertyOptional({
    type: WagonRefDto,
    nullable: true,
    description:
      'Timeline items naming a vehicle: the wagon it rode on at the item’s time (its car carrier, or the wagon its ' +
      'container sat on), so an event dated before a gauge change names the wagon of the old gauge; null when the ' +
      'train had no consist then',
  })
  wagon?: WagonRefDto | null;
}

export class PlannedStopDto {
  @ApiProperty({ example: 'RUMOW' }) stationCode: string;
  @ApiProperty({
    format: 'date-time',
    example: EXAMPLE.eta,
    description: 'Planned hours of the route from the (actual) departure',
  })
  plannedAt: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: EXAMPLE.eta,
    description: 'Observed time for stops seen, expected time for stops ahead, null for stops passed unseen',
  })
  eta: string | null;
  @ApiProperty({ example: false, description: 'Containers change from 1435 mm to 1520 mm wagons at this stop' })
  gaugeChange: boolean;
}

export class TimelineDto {
  @ApiProperty({ type: [TrackingEventDto], description: 'In time order (occurredAt)' }) items: TrackingEventDto[];
  @ApiProperty({ type: [PlannedStopDto], description: 'The stops of the route, in route order' })
  planned: PlannedStopDto[];
}
