import { ApiNextCursor } from '@landbridge/common';
import { ApiProperty } from '@nestjs/swagger';
import { GAUGES, type Gauge, STATION_KINDS, type StationKind } from './station.entity.js';
import type { StationRecord } from './stations.repository.js';

export class StationDto {
  @ApiProperty({ example: 'CNZGZ', description: 'Country + three letters (UN/LOCODE where one exists)' })
  code: string;

  @ApiProperty({ example: 'Zhengzhou Putian' })
  name: string;

  @ApiProperty({ example: '郑州圃田' })
  localName: string;

  @ApiProperty({ example: 'CN', description: 'ISO 3166-1 alpha-2' })
  country: string;

  @ApiProperty({ enum: GAUGES, example: 1435, description: 'Track gauge in millimetres' })
  gauge: Gauge;

  @ApiProperty({ enum: STATION_KINDS, example: 'terminal', description: 'terminal, border or junction' })
  kind: StationKind;

  @ApiProperty({ example: 'Asia/Shanghai' })
  timezone: string;

  @ApiProperty({ example: 1, description: 'Grows with each change; the ETag is its quoted value' })
  version: number;

  static of(this: void, station: StationRecord): StationDto {
    const { code, name, localName, country, gauge, kind, timezone, version } = station;
    return { code, name, localName, country, gauge: Number(gauge) as Gauge, kind, timezone, version };
  }
}

export class StationPageDto {
  @ApiProperty({ type: [StationDto] })
  items: StationDto[];

  @ApiNextCursor()
  nextCursor: string | null;
}
