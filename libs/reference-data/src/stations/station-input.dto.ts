import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO31661Alpha2, IsString, IsTimeZone, Length, Matches, MaxLength } from 'class-validator';
import { GAUGES, type Gauge, STATION_KINDS, type StationKind } from './station.entity.js';

/** The fields of a station an administrator may set (`PUT /stations/:code` replaces all of them). */
export class UpdateStationDto {
  @ApiProperty({ example: 'Zhengzhou Putian' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ example: '郑州圃田', description: 'The name in the local script' })
  @IsString()
  @Length(1, 120)
  localName: string;

  @ApiProperty({ enum: GAUGES, example: 1435, description: 'Track gauge in millimetres: 1435 standard, 1520 broad' })
  @IsIn(GAUGES)
  gauge: Gauge;

  @ApiProperty({ enum: STATION_KINDS, example: 'terminal', description: 'terminal, border or junction' })
  @IsIn(STATION_KINDS)
  kind: StationKind;

  @ApiProperty({ example: 'Asia/Shanghai', description: 'IANA time zone' })
  @IsTimeZone({ message: 'must be an IANA time zone such as Asia/Shanghai' })
  timezone: string;
}

export class CreateStationDto extends UpdateStationDto {
  @ApiProperty({ example: 'CNZGZ', description: 'Country + three letters or digits; UN/LOCODE where one exists' })
  @IsString()
  @Matches(/^[A-Z]{2}[A-Z0-9]{3}$/, { message: 'must be five characters: a country code and three letters or digits' })
  code: string;

  @ApiProperty({ example: 'CN', description: 'ISO 3166-1 alpha-2; the first two characters of the code' })
  @IsString()
  @MaxLength(2)
  @IsISO31661Alpha2()
  country: string;
}
