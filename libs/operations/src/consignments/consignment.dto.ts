import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsVin, PageQueryDto, UpperCase } from '@landbridge/common';
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
import { MoneyDto } from '../money.dto.js';
import { CONSIGNMENT_STATUSES, type ConsignmentStatus, POWERTRAINS, type Powertrain } from './consignment-status.js';

/** The most vehicles a consignment holds (booked at once, or with those added later). */
export const MAX_VEHICLES_PER_CONSIGNMENT = 1000;

export class ConsigneeDto {
  @ApiProperty({ example: 'Avtodom Trading LLC' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'RU', description: 'ISO 3166-1 alpha-2' })
  @IsISO31661Alpha2({ message: 'must be an ISO 3166-1 alpha-2 country code such as RU' })
  country: string;
}

export class VehicleInputDto {
  @ApiProperty({ example: 'LGXCH4CD3S2107503', description: 'ISO 3779, check digit in position 9; upper-cased' })
  @UpperCase()
  @IsVin()
  vin: string;

  @ApiProperty({ example: 'BYD' })
  @IsString()
  @Length(1, 100)
  make: string;

  @ApiProperty({ example: 'Song PLUS' })
  @IsString()
  @Length(1, 100)
  model: string;

  @ApiProperty({ enum: POWERTRAINS })
  @IsIn(POWERTRAINS)
  powertrain: Powertrain;

  @ApiProperty({ type: MoneyDto })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => MoneyDto)
  declaredValue: MoneyDto;
}

export class CreateConsignmentDto {
  @ApiProperty({ example: 'SMGS24030001', description: 'SMGS waybill: 6–20 letters and digits (upper-cased), unique' })
  @UpperCase()
  @IsString()
  @Matches(/^[A-Z0-9]{6,20}$/, { message: 'must be 6–20 capital letters and digits' })
  waybillNumber: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Staff: the exporter organization. Exporters: omit (their own)' })
  @IsOptional()
  @IsUUID('all')
  exporterId?: string;

  @ApiProperty({ type: ConsigneeDto })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => ConsigneeDto)
  consignee: ConsigneeDto;

  @ApiProperty({ example: 'CNZGZ' })
  @IsString()
  @Matches(/^[A-Z]{2}[A-Z0-9]{3}$/, { message: 'must be a five-character station code' })
  originStationCode: string;

  @ApiProperty({ example: 'RUMOW' })
  @IsString()
  @Matches(/^[A-Z]{2}[A-Z0-9]{3}$/, { message: 'must be a five-character station code' })
  destinationStationCode: string;

  @ApiProperty({ type: [VehicleInputDto], maxItems: MAX_VEHICLES_PER_CONSIGNMENT })
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
  @ApiProperty({ enum: ['container', 'wagon'] }) kind: 'container' | 'wagon';
  @ApiProperty({ example: 'CSQU3054383' }) number: string;
}

export class VehicleDto {
  @ApiProperty() vin: string;
  @ApiProperty() make: string;
  @ApiProperty() model: string;
  @ApiProperty({ enum: POWERTRAINS }) powertrain: Powertrain;
  @ApiProperty({ type: MoneyDto }) declaredValue: MoneyDto;
  @ApiProperty({ enum: CONSIGNMENT_STATUSES }) status: ConsignmentStatus;
  @ApiProperty({ type: UnitDto, nullable: true, description: 'The container or wagon it is (or was last) loaded in' })
  unit: UnitDto | null;
}

/** The train that carries a consignment or vehicle: as much of it as an exporter may read. */
export class TrainSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'X8017' }) trainNumber: string;
  @ApiProperty({ format: 'date-time' }) plannedDepartureAt: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) departedAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) arrivedAt: string | null;
}

export class VehicleLookupDto extends VehicleDto {
  @ApiProperty({ format: 'uuid' }) consignmentId: string;
  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'The train the vehicle is loaded on (or travelled on); null while it is only booked',
  })
  trainId: string | null;
  @ApiProperty({
    type: TrainSummaryDto,
    nullable: true,
    description: 'That train; null while the vehicle is only booked',
  })
  train: TrainSummaryDto | null;
  @ApiProperty({ type: String, nullable: true }) currentStationCode: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) eta: string | null;
}

export class ConsignmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() waybillNumber: string;
  @ApiProperty({ format: 'uuid' }) exporterId: string;
  @ApiProperty({ type: ConsigneeDto }) consignee: ConsigneeDto;
  @ApiProperty() originStationCode: string;
  @ApiProperty() destinationStationCode: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) trainId: string | null;
  @ApiProperty({ type: TrainSummaryDto, nullable: true, description: 'The train it is on; null while on none' })
  train: TrainSummaryDto | null;
  @ApiProperty({ enum: CONSIGNMENT_STATUSES }) status: ConsignmentStatus;
  @ApiProperty({ type: String, nullable: true }) currentStationCode: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) eta: string | null;
  @ApiProperty({ type: [VehicleDto], description: 'In booking order' }) vehicles: VehicleDto[];
  @ApiProperty() version: number;
}

export class ConsignmentPageDto {
  @ApiProperty({ type: [ConsignmentDto] }) items: ConsignmentDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ConsignmentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CONSIGNMENT_STATUSES })
  @IsOptional()
  @IsIn(CONSIGNMENT_STATUSES)
  status?: ConsignmentStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  trainId?: string;

  @ApiPropertyOptional({ example: 'SMGS24030001', description: 'Upper-cased, then matched exactly' })
  @IsOptional()
  @UpperCase()
  @IsString()
  @Length(1, 20)
  waybillNumber?: string;
}
