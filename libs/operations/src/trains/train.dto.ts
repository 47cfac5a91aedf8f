import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXAMPLE, IsInstantInRange, PageQueryDto, UpperCase, ApiNextCursor } from '@landbridge/common';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { ApiEtaBasis, ApiEtaRange, EtaRangeDto } from './eta-range.dto.js';
import type { BorderDwellRecord, EtaBasis, TrainState } from './train-state.js';
import { TRAIN_STATUSES, type TrainStatus } from './train-status.js';

const TIMESTAMP = { strict: true, strictSeparator: true } as const;

/** A CR Express train number (X8202), or the other railway's it takes at the border (8702). */
export const IsTrainNumber = () =>
  applyDecorators(
    IsString(),
    Matches(/^[A-Z0-9]{2,16}$/, { message: 'must be 2–16 capital letters and digits, e.g. X8202' }),
  );

export class CreateTrainDto {
  @ApiProperty({ example: 'X8202', description: 'CR Express train number; reused on other days' })
  @IsTrainNumber()
  trainNumber: string;

  @ApiProperty({ example: EXAMPLE.routeCode, description: 'The route it runs on' })
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,31}$/, { message: 'must be a route code such as ZGZ-MOW-ERC' })
  routeCode: string;

  @ApiProperty({
    example: '2024-03-20T09:30:00+08:00',
    description: 'RFC 3339 with offset; one train of a number a day',
  })
  @IsISO8601(TIMESTAMP, { message: 'must be an RFC 3339 timestamp with offset' })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'must carry a time zone offset (Z or ±hh:mm)' })
  @IsInstantInRange()
  plannedDepartureAt: string;
}

export class UpdateTrainDto {
  @ApiPropertyOptional({ example: '2024-03-21T09:30:00+08:00', description: 'Only before departure' })
  @ValidateIf((_update: UpdateTrainDto, value: unknown) => value !== undefined) // left out, never null
  @IsISO8601(TIMESTAMP, { message: 'must be an RFC 3339 timestamp with offset' })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'must carry a time zone offset (Z or ±hh:mm)' })
  @IsInstantInRange()
  plannedDepartureAt?: string;

  @ApiPropertyOptional({
    enum: ['cancelled', 'closed'],
    example: 'cancelled',
    description: 'cancel (before departure) or close (after arrival)',
  })
  @ValidateIf((_update: UpdateTrainDto, value: unknown) => value !== undefined)
  @IsIn(['cancelled', 'closed'])
  status?: 'cancelled' | 'closed';
}

/** A fluid crossing at Erenhot / Zamyn-Uud: arrived at Erenhot, left Zamyn-Uud on 1520 mm wagons 14.5 hours later. */
const BORDER_DWELL_EXAMPLE: BorderDwellRecord = {
  stationCode: 'MNZUU',
  arrivedAt: '2024-03-21T18:05:00.000Z',
  departedAt: '2024-03-22T08:35:00.000Z',
  hours: 14.5,
};

class BorderDwellDto {
  @ApiProperty({ example: 'MNZUU', description: "The crossing's gauge-change stop" })
  stationCode: string;
  @ApiProperty({
    format: 'date-time',
    example: BORDER_DWELL_EXAMPLE.arrivedAt,
    description: "Arrival at the crossing's first border stop (else the first event seen at the crossing)",
  })
  arrivedAt: string;
  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    example: BORDER_DWELL_EXAMPLE.departedAt,
    description: 'Departure from the gauge-change stop (else its first event further on); null while still there',
  })
  departedAt: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: BORDER_DWELL_EXAMPLE.hours,
    description: 'From arrival to departure, to 0.1 h; null while still there',
  })
  hours: number | null;
}

export class TrainDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.trainId }) id: string;
  @ApiProperty({ example: EXAMPLE.trainNumber }) trainNumber: string;
  @ApiProperty({ example: EXAMPLE.routeCode }) routeCode: string;
  @ApiProperty({
    enum: TRAIN_STATUSES,
    example: 'departed',
    description: 'planned → loading → departed → arrived → closed, or cancelled before departure',
  })
  status: TrainStatus;
  @ApiProperty({ format: 'date-time', example: EXAMPLE.plannedDepartureAt }) plannedDepartureAt: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: EXAMPLE.departedAt })
  departedAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: null }) arrivedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'MNZUU', description: 'The last station it was seen at' })
  currentStationCode: string | null;
  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    example: EXAMPLE.eta,
    description: 'Expected arrival at the destination',
  })
  eta: string | null;
  @ApiEtaRange() etaRange: EtaRangeDto | null;
  @ApiEtaBasis() etaBasis: EtaBasis;
  @ApiProperty({ example: 147, description: 'Vehicles loaded on it' }) vehicleCount: number;
  @ApiProperty({ example: 12, description: 'Consignments on it' }) consignmentCount: number;
  @ApiProperty({
    type: [BorderDwellDto],
    example: [BORDER_DWELL_EXAMPLE],
    description: 'Its dwell at each border crossing with a gauge change that it has reached, in route order',
  })
  borderDwell: BorderDwellDto[];
  @ApiProperty({ example: 4, description: 'Grows with each change; the ETag is its quoted value' }) version: number;

  static of(this: void, train: TrainState): TrainDto {
    return {
      id: train.id,
      trainNumber: train.trainNumber,
      routeCode: train.routeCode,
      status: train.status,
      plannedDepartureAt: train.plannedDepartureAt.toISOString(),
      departedAt: train.departedAt?.toISOString() ?? null,
      arrivedAt: train.arrivedAt?.toISOString() ?? null,
      currentStationCode: train.currentStationCode,
      eta: train.eta?.toISOString() ?? null,
      etaRange: train.etaRange,
      etaBasis: train.etaBasis,
      vehicleCount: train.vehicleCount,
      consignmentCount: train.consignmentCount,
      borderDwell: train.borderDwell,
      version: train.version,
    };
  }
}

/** A train as planning it answers: nothing loaded, its ETA the route's planned hours from the planned departure. */
export const PLANNED_TRAIN_EXAMPLE: TrainDto = {
  id: EXAMPLE.trainId,
  trainNumber: EXAMPLE.trainNumber,
  routeCode: EXAMPLE.routeCode,
  status: 'planned',
  plannedDepartureAt: EXAMPLE.plannedDepartureAt,
  departedAt: null,
  arrivedAt: null,
  currentStationCode: null,
  eta: '2024-04-01T13:30:00.000Z',
  etaRange: null,
  etaBasis: 'plan',
  vehicleCount: 0,
  consignmentCount: 0,
  borderDwell: [],
  version: 1,
};

export class TrainPageDto {
  @ApiProperty({ type: [TrainDto] }) items: TrainDto[];
  @ApiNextCursor()
  nextCursor: string | null;
}

export class TrainListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TRAIN_STATUSES, description: 'Only trains in this status' })
  @IsOptional()
  @IsIn(TRAIN_STATUSES)
  status?: TrainStatus;

  @ApiPropertyOptional({
    example: EXAMPLE.trainNumber,
    description:
      'Only trains running under this number now, or that ran under it before a transshipment took another; ' +
      'upper-cased, matched exactly',
  })
  @IsOptional()
  @UpperCase()
  @IsTrainNumber()
  trainNumber?: string;
}
