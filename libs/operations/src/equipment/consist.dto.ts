import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXAMPLE, IsContainerNumber, IsTimestamp, IsWagonNumber, UpperCase } from '@landbridge/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export const GAUGES = [1435, 1520] as const;
export type Gauge = (typeof GAUGES)[number];
const WAGON_KINDS = ['flat', 'car_carrier'] as const;
export type WagonKind = (typeof WAGON_KINDS)[number];

/** The most wagons a consist may have: CR Express trains run 40–55, the longest about 100. */
const MAX_WAGONS = 120;
/** The most containers one wagon may carry: an 80-foot flat takes four 20-foot ones. */
const MAX_CONTAINERS_PER_WAGON = 4;

/** ISO 6346 size-type code: length (2 = 20 ft, 4 or L = 40/45 ft), height/width, type group and type. */
const SIZE_TYPE_PATTERN = /^[24L][0-9A-Z][A-Z][0-9A-Z]$/;

export class ContainerOnWagonDto {
  @ApiProperty({ example: EXAMPLE.containerNumber, description: 'ISO 6346 container number; upper-cased' })
  @UpperCase()
  @IsString()
  @IsContainerNumber()
  number: string;

  @ApiProperty({
    example: '45G1',
    description:
      'ISO 6346 size-type code: `2…` a 20-foot container (1 TEU), `4…` or `L…` a 40/45-foot one (2 TEU); upper-cased',
  })
  @UpperCase()
  @IsString()
  @Matches(SIZE_TYPE_PATTERN, { message: 'must be an ISO 6346 size-type code such as 42G1, 45G1 or 22G1' })
  sizeType: string;
}

export class WagonDto {
  @ApiProperty({ minimum: 1, maximum: MAX_WAGONS, example: 1, description: 'Place in the train, from 1' })
  @IsInt()
  @Min(1)
  @Max(MAX_WAGONS)
  position: number;

  @ApiProperty({
    example: EXAMPLE.wagonNumber,
    description: 'The wagon number with its check digit: 12-digit UIC on 1435 mm, 8 digits on 1520 mm',
  })
  @IsString()
  @IsWagonNumber()
  number: string;

  @ApiProperty({ enum: GAUGES, example: 1435, description: 'Track gauge in mm' })
  @IsIn(GAUGES)
  gauge: Gauge;

  @ApiProperty({
    enum: WAGON_KINDS,
    example: 'flat',
    description: 'A flat carries containers; a car carrier (JSQ on 1435 mm) carries vehicles directly',
  })
  @IsIn(WAGON_KINDS)
  kind: WagonKind;

  @ApiPropertyOptional({
    enum: [2, 4],
    nullable: true,
    type: Number,
    example: 2,
    description: 'Flats only: 2 (a 40-foot flat) or 4 (an 80-foot flat); null or absent for a car carrier',
  })
  @IsOptional()
  @IsIn([2, 4])
  capacityTeu?: 2 | 4 | null;

  @ApiPropertyOptional({
    type: [ContainerOnWagonDto],
    maxItems: MAX_CONTAINERS_PER_WAGON,
    description: 'The containers on this flat (none on a car carrier)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CONTAINERS_PER_WAGON)
  @ValidateNested({ each: true })
  @Type(() => ContainerOnWagonDto)
  containers?: ContainerOnWagonDto[];
}

/** The wagons of a consist (1 to MAX_WAGONS, each checked as a WagonDto): a consist's and a transshipment's. */
export const IsConsistWagons = (description: string) =>
  applyDecorators(
    ApiProperty({ type: [WagonDto], minItems: 1, maxItems: MAX_WAGONS, description }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_WAGONS),
    ValidateNested({ each: true }),
    Type(() => WagonDto),
  );

export class PutConsistDto {
  @IsConsistWagons('The wagons, by position')
  wagons: WagonDto[];
}

export class ConsistQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2024-03-23T06:00:00+08:00',
    description: 'The consist in force at this time (RFC 3339); default now',
  })
  @IsOptional()
  @IsString()
  @IsTimestamp()
  at?: string;
}

/** A container as a consist lists it. */
export class ConsistContainerDto {
  @ApiProperty({ example: EXAMPLE.containerNumber }) number: string;
  @ApiProperty({ example: '45G1' }) sizeType: string;
}

/** A wagon as a consist lists it. */
export class ConsistWagonDto {
  @ApiProperty({ example: 1 }) position: number;
  @ApiProperty({ example: EXAMPLE.wagonNumber }) number: string;
  @ApiProperty({ enum: GAUGES, example: 1435 }) gauge: Gauge;
  @ApiProperty({ enum: WAGON_KINDS, example: 'flat' }) kind: WagonKind;
  @ApiProperty({ enum: [2, 4], nullable: true, type: Number, example: 2, description: 'Null for a car carrier' })
  capacityTeu: 2 | 4 | null;

  @ApiProperty({ type: [ConsistContainerDto] }) containers: ConsistContainerDto[];
}

export class ConsistDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.trainId }) trainId: string;
  @ApiProperty({ example: EXAMPLE.trainNumber, description: 'The number the train ran under with this consist' })
  trainNumber: string;

  @ApiProperty({
    example: 'CNZGZ',
    description: 'Where the consist was formed: the origin, or the gauge-change stop of a transshipment',
  })
  stationCode: string;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: null,
    description:
      'When it came into force: the transshipment’s time, or null for the consist formed at the origin (in ' +
      'force from the start)',
  })
  validFrom: string | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: '2024-03-23T02:00:00.000Z',
    description: 'When the next consist replaced it (a transshipment); null while it is in force',
  })
  validTo: string | null;

  @ApiProperty({ example: 1, description: 'Counts replacements before departure; the ETag carries it' })
  version: number;

  @ApiProperty({ type: [ConsistWagonDto] }) wagons: ConsistWagonDto[];
}
