import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXAMPLE, IsContainerNumber, IsVin, IsWagonNumber, UpperCase } from '@landbridge/common';
import { ConsistDto, IsConsistWagons, IsTrainNumber, type WagonDto } from '@landbridge/operations';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, ValidateNested } from 'class-validator';
import { IsEventInstant, IsEventStation } from './tracking-event.dto.js';

/** The most vehicle moves one transshipment takes: every car of the longest car train. */
const MAX_VEHICLE_MOVES = 1000;

/** A 1520 mm wagon number of the examples (8 digits, Luhn check digit). */
const BROAD_GAUGE_WAGON = '52345675';

export class VehicleMoveDto {
  @ApiProperty({ example: EXAMPLE.vin, description: 'A vehicle that rode a car carrier; upper-cased' })
  @UpperCase()
  @IsString()
  @IsVin()
  vin: string;

  @ApiPropertyOptional({
    example: BROAD_GAUGE_WAGON,
    description: 'The car carrier of the new consist it is loaded onto (give this or containerNumber)',
  })
  @IsOptional()
  @IsString()
  @IsWagonNumber()
  wagonNumber?: string;

  @ApiPropertyOptional({
    example: EXAMPLE.containerNumber,
    description: 'The container of the new consist it is loaded into (give this or wagonNumber); upper-cased',
  })
  @IsOptional()
  @UpperCase()
  @IsString()
  @IsContainerNumber()
  containerNumber?: string;
}

export class CreateTransshipmentDto {
  @ApiProperty({ example: 'MNZUU', description: 'The gauge-change stop of the train’s route' })
  @IsEventStation()
  stationCode: string;

  @ApiProperty({
    example: '2024-03-22T18:00:00+08:00',
    description: 'When the train was on its new wagons: RFC 3339 with offset, at most 5 minutes ahead',
  })
  @IsEventInstant()
  occurredAt: string;

  @ApiPropertyOptional({
    example: '8702',
    description: 'The number the train runs under from here (the other railway’s); the old one still finds it',
  })
  @IsOptional()
  @IsTrainNumber()
  trainNumber?: string;

  @IsConsistWagons('The new wagons, all of the stop’s gauge, carrying every container of the consist in force')
  wagons: WagonDto[];

  @ApiPropertyOptional({
    type: [VehicleMoveDto],
    maxItems: MAX_VEHICLE_MOVES,
    description: 'Where each vehicle that rode a car carrier goes: onto a new car carrier or into a container',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_VEHICLE_MOVES)
  @ValidateNested({ each: true })
  @Type(() => VehicleMoveDto)
  vehicleMoves?: VehicleMoveDto[];
}

export class TransshipmentDto {
  @ApiProperty({ format: 'uuid', example: '6f1c2e0a-8d4b-4f7e-9a3c-5b2d1e0f9a87' }) id: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE.trainId }) trainId: string;
  @ApiProperty({ example: 'MNZUU' }) stationCode: string;
  @ApiProperty({ format: 'date-time', example: '2024-03-22T10:00:00.000Z' }) occurredAt: string;
  @ApiProperty({ example: EXAMPLE.trainNumber, description: 'The number the train ran under before' })
  fromTrainNumber: string;

  @ApiProperty({ example: '8702', description: 'The number it runs under from here (the same when unchanged)' })
  trainNumber: string;

  @ApiProperty({ example: 42, description: 'Containers lifted onto the new wagons' })
  containersMoved: number;

  @ApiProperty({
    example: 126,
    description: 'Vehicles whose wagon changed (in their containers, or moved by themselves)',
  })
  vehiclesMoved: number;

  @ApiProperty({ type: ConsistDto, description: 'The new consist, in force from occurredAt' })
  consist: ConsistDto;
}
