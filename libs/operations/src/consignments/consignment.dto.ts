import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXAMPLE, IsContainerNumber, IsVin, PageQueryDto, UpperCase, ApiNextCursor } from '@landbridge/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO31661Alpha2,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { GAUGES, type Gauge } from '../equipment/consist.dto.js';
import { MoneyDto } from '../money.dto.js';
import { ApiEtaBasis, ApiEtaRange, EtaRangeDto } from '../trains/eta-range.dto.js';
import type { EtaBasis } from '../trains/train-state.js';
import { CONSIGNMENT_STATUSES, type ConsignmentStatus, POWERTRAINS, type Powertrain } from './consignment-status.js';

/** The most vehicles a consignment holds (booked at once, or with those added later). */
export const MAX_VEHICLES_PER_CONSIGNMENT = 1000;
const POWERTRAIN = 'ICE, HEV, or new-energy: PHEV, BEV, FCEV';
const ON_TRAIN = 'The train it is loaded on; null before loading';
const SEEN_AT = 'The last station it was seen at; null while none was recorded';
const ETA = 'Expected arrival at the destination, recomputed after each event; null while unknown';

export class ConsigneeDto {
  @ApiProperty({ example: 'Avtodom Trading LLC', description: 'Who receives the vehicles at the destination' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'RU', description: 'ISO 3166-1 alpha-2' })
  @IsISO31661Alpha2({ message: 'must be an ISO 3166-1 alpha-2 country code such as RU' })
  country: string;
}

export class VehicleInputDto {
  @ApiProperty({ example: EXAMPLE.vin, description: 'ISO 3779, check digit in position 9; upper-cased; booked once' })
  @UpperCase()
  @IsVin()
  vin: string;

  @ApiProperty({ example: 'BYD' })
  @IsString()
  @Length(1, 100)
  make: string;

  @ApiProperty({ example: 'Song PLUS DM-i' })
  @IsString()
  @Length(1, 100)
  model: string;

  @ApiProperty({ enum: POWERTRAINS, example: 'PHEV', description: POWERTRAIN })
  @IsIn(POWERTRAINS)
  powertrain: Powertrain;

  @ApiProperty({ type: MoneyDto, description: 'The customs value of the vehicle' })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => MoneyDto)
  declaredValue: MoneyDto;
}

export class CreateConsignmentDto {
  @ApiProperty({
    example: EXAMPLE.waybillNumber,
    description: 'SMGS waybill: 6–20 letters and digits (upper-cased), unique',
  })
  @UpperCase()
  @IsString()
  @Matches(/^[A-Z0-9]{6,20}$/, { message: 'must be 6–20 capital letters and digits' })
  waybillNumber: string;

  @ApiPropertyOptional({
    format: 'uuid',
    example: EXAMPLE.exporterId,
    description: 'Staff: the exporter organization. Exporters: omit (their own)',
  })
  @IsOptional()
  @IsUUID('all')
  exporterId?: string;

  @ApiProperty({ type: ConsigneeDto })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => ConsigneeDto)
  consignee: ConsigneeDto;

  @ApiProperty({ example: 'CNZGZ', description: 'Where it is loaded' })
  @IsString()
  @Matches(/^[A-Z]{2}[A-Z0-9]{3}$/, { message: 'must be a five-character station code' })
  originStationCode: string;

  @ApiProperty({ example: 'RUMOW', description: 'Where it is delivered' })
  @IsString()
  @Matches(/^[A-Z]{2}[A-Z0-9]{3}$/, { message: 'must be a five-character station code' })
  destinationStationCode: string;

  @ApiProperty({
    type: [VehicleInputDto],
    minItems: 1,
    maxItems: MAX_VEHICLES_PER_CONSIGNMENT,
    description: 'The vehicles, each VIN once',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VEHICLES_PER_CONSIGNMENT)
  @ValidateNested({ each: true })
  @Type(() => VehicleInputDto)
  vehicles: VehicleInputDto[];
}

export class UpdateConsignmentDto {
  @ApiProperty({ type: ConsigneeDto })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => ConsigneeDto)
  consignee: ConsigneeDto;
}

export class UnitDto {
  @ApiProperty({ enum: ['container', 'wagon'], example: 'container' }) kind: 'container' | 'wagon';
  @ApiProperty({ example: EXAMPLE.containerNumber, description: 'ISO 6346 container or wagon number' }) number: string;
}

/** A wagon of a train's consist, by number and gauge. */
export class WagonRefDto {
  @ApiProperty({ example: EXAMPLE.wagonNumber, description: '12-digit UIC on 1435 mm, 8 digits on 1520 mm' })
  number: string;

  @ApiProperty({ enum: GAUGES, example: 1435, description: 'Track gauge in mm' }) gauge: Gauge;
}

export class VehicleDto {
  @ApiProperty({ example: EXAMPLE.vin }) vin: string;
  @ApiProperty({ example: 'BYD' }) make: string;
  @ApiProperty({ example: 'Song PLUS DM-i' }) model: string;
  @ApiProperty({ enum: POWERTRAINS, example: 'PHEV', description: POWERTRAIN }) powertrain: Powertrain;
  @ApiProperty({ type: MoneyDto }) declaredValue: MoneyDto;
  @ApiProperty({ enum: CONSIGNMENT_STATUSES, example: 'in_transit', description: "Its consignment's status" })
  status: ConsignmentStatus;
  @ApiProperty({ type: UnitDto, nullable: true, description: 'The container or wagon it is (or was last) loaded in' })
  unit: UnitDto | null;
  @ApiProperty({
    type: WagonRefDto,
    nullable: true,
    description:
      'The wagon it rides on, directly (a car carrier) or in its container; changes at a gauge change. Null while ' +
      'it is in no unit or its train has no consist',
  })
  wagon: WagonRefDto | null;
}

/** The train that carries a consignment or vehicle: as much of it as an exporter may read. */
export class TrainSummaryDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.trainId }) id: string;
  @ApiProperty({ example: EXAMPLE.trainNumber }) trainNumber: string;
  @ApiProperty({ format: 'date-time', example: EXAMPLE.plannedDepartureAt }) plannedDepartureAt: string;
  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    example: EXAMPLE.departedAt,
    description: 'null until it departs',
  })
  departedAt: string | null;
  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    example: null,
    description: 'null until it arrives at its destination',
  })
  arrivedAt: string | null;
}

export class VehicleLookupDto extends VehicleDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.consignmentId }) consignmentId: string;
  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    example: EXAMPLE.trainId,
    description: 'The train the vehicle is loaded on (or travelled on); null while it is only booked',
  })
  trainId: string | null;
  @ApiProperty({
    type: TrainSummaryDto,
    nullable: true,
    description: 'That train; null while the vehicle is only booked',
  })
  train: TrainSummaryDto | null;
  @ApiProperty({ type: String, nullable: true, example: 'MNZUU', description: SEEN_AT }) currentStationCode:
    string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: EXAMPLE.eta, description: ETA })
  eta: string | null;
}

export class ConsignmentDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.consignmentId }) id: string;
  @ApiProperty({ example: EXAMPLE.waybillNumber }) waybillNumber: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE.exporterId }) exporterId: string;
  @ApiProperty({ type: ConsigneeDto }) consignee: ConsigneeDto;
  @ApiProperty({ example: 'CNZGZ' }) originStationCode: string;
  @ApiProperty({ example: 'RUMOW' }) destinationStationCode: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: EXAMPLE.trainId, description: ON_TRAIN })
  trainId: string | null;
  @ApiProperty({ type: TrainSummaryDto, nullable: true, description: 'The train it is on; null while on none' })
  train: TrainSummaryDto | null;
  @ApiProperty({
    enum: CONSIGNMENT_STATUSES,
    example: 'in_transit',
    description:
      'booked → loaded → in_transit → arrived → delivered; customs_hold interrupts and returns; or cancelled',
  })
  status: ConsignmentStatus;
  @ApiProperty({ type: String, nullable: true, example: 'MNZUU', description: SEEN_AT }) currentStationCode:
    string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: EXAMPLE.eta, description: ETA })
  eta: string | null;
  @ApiEtaRange() etaRange: EtaRangeDto | null;
  @ApiEtaBasis() etaBasis: EtaBasis;
  @ApiProperty({ type: [VehicleDto], description: 'In booking order' }) vehicles: VehicleDto[];
  @ApiProperty({ example: 3, description: 'Grows with each change; the ETag is its quoted value' }) version: number;
}

/** A consignment as booking answers it: on no train yet, its vehicles in no unit. */
export const BOOKED_CONSIGNMENT_EXAMPLE: ConsignmentDto = {
  id: EXAMPLE.consignmentId,
  waybillNumber: EXAMPLE.waybillNumber,
  exporterId: EXAMPLE.exporterId,
  consignee: { name: 'Avtodom Trading LLC', country: 'RU' },
  originStationCode: 'CNZGZ',
  destinationStationCode: 'RUMOW',
  trainId: null,
  train: null,
  status: 'booked',
  currentStationCode: null,
  eta: null,
  etaRange: null,
  etaBasis: 'plan',
  vehicles: [
    {
      vin: EXAMPLE.vin,
      make: 'BYD',
      model: 'Song PLUS DM-i',
      powertrain: 'PHEV',
      declaredValue: { amount: '152000.00', currency: 'CNY' },
      status: 'booked',
      unit: null,
      wagon: null,
    },
  ],
  version: 1,
};

export class ConsignmentPageDto {
  @ApiProperty({ type: [ConsignmentDto] }) items: ConsignmentDto[];
  @ApiNextCursor()
  nextCursor: string | null;
}

export class ConsignmentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CONSIGNMENT_STATUSES, description: 'Only consignments in this status' })
  @IsOptional()
  @IsIn(CONSIGNMENT_STATUSES)
  status?: ConsignmentStatus;

  @ApiPropertyOptional({ format: 'uuid', example: EXAMPLE.trainId, description: 'Only consignments on this train' })
  @IsOptional()
  @IsUUID('all')
  trainId?: string;

  @ApiPropertyOptional({ example: 'SMGS24030001', description: 'Upper-cased, then matched exactly' })
  @IsOptional()
  @UpperCase()
  @IsString()
  @Length(1, 20)
  waybillNumber?: string;

  @ApiPropertyOptional({
    example: EXAMPLE.containerNumber,
    description: 'Only consignments with a vehicle in this container now (ISO 6346); upper-cased',
  })
  @IsOptional()
  @UpperCase()
  @IsString()
  @IsContainerNumber()
  containerNumber?: string;
}
