import { ApiProperty } from '@nestjs/swagger';
import { IsDecimalNumber } from '@landbridge/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ROUTE_STOPS_EXAMPLE } from './route.dto.js';

export class CreateRouteStopDto {
  @ApiProperty({ example: 1, description: 'Order along the route; strictly increasing' })
  @IsInt()
  @Min(1)
  @Max(1000)
  sequence: number;

  @ApiProperty({ example: 'CNZGZ' })
  @IsString()
  @Matches(/^[A-Z]{2}[A-Z0-9]{3}$/, { message: 'must be a five-character station code' })
  stationCode: string;

  @ApiProperty({ example: 0, description: 'Planned hours after departure from the origin; 0 at the origin' })
  @IsDecimalNumber(2)
  @Min(0)
  @Max(10000)
  plannedHoursFromOrigin: number;

  @ApiProperty({ example: false })
  @IsBoolean()
  gaugeChange: boolean;
}

export class CreateRouteDto {
  @ApiProperty({ example: 'ZGZ-MOW-ERC' })
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,31}$/, { message: 'must be 2–32 capital letters, digits and dashes' })
  code: string;

  @ApiProperty({ example: 'Zhengzhou – Moscow via Erenhot' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({
    type: [CreateRouteStopDto],
    description: 'At least two stops in travel order, the origin at hour 0; planned hours increasing',
    example: ROUTE_STOPS_EXAMPLE,
  })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CreateRouteStopDto)
  stops: CreateRouteStopDto[];
}
