import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDay } from '@landbridge/common';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

/** The days a report may cover: wide enough for any real export history, and every period of it computable. */
const FIRST_DAY = '2000-01-01';
const LAST_DAY = '2100-12-31';
export const GROUP_BY = ['month', 'quarter', 'year'] as const;

export class ExportReportQueryDto {
  @ApiProperty({
    example: '2022-01-01',
    format: 'date',
    description: `First day (China Standard Time), inclusive; from ${FIRST_DAY} to ${LAST_DAY}`,
  })
  @IsCalendarDay(FIRST_DAY, LAST_DAY)
  from: string;

  @ApiProperty({
    example: '2024-03-31',
    format: 'date',
    description: `Last day (China Standard Time), inclusive; from ${FIRST_DAY} to ${LAST_DAY}`,
  })
  @IsCalendarDay(FIRST_DAY, LAST_DAY)
  to: string;

  @ApiPropertyOptional({ enum: GROUP_BY, default: 'month' })
  @IsOptional()
  @IsIn(GROUP_BY)
  groupBy: (typeof GROUP_BY)[number] = 'month';

  @ApiPropertyOptional({ format: 'uuid', description: 'Staff: one exporter only (an exporter always sees its own)' })
  @IsOptional()
  @IsUUID()
  exporterId?: string;
}

class CnyDto {
  @ApiProperty({ example: '5500000000.00' }) amount: string;
  @ApiProperty({ example: 'CNY' }) currency: 'CNY';
}

class OtherValueDto {
  @ApiProperty({ example: '1250000.00' }) amount: string;
  @ApiProperty({ example: 'USD', description: 'ISO 4217, never CNY' }) currency: string;
}

export class ExportReportRowDto {
  @ApiProperty({ example: '2024-01', description: '2024-01, 2024-Q1 or 2024' }) period: string;
  @ApiProperty() vehicles: number;
  @ApiProperty({ type: CnyDto }) value: CnyDto;
  @ApiProperty({ description: 'BEV, PHEV and FCEV' }) nevVehicles: number;
  @ApiProperty({ type: CnyDto }) nevValue: CnyDto;
  @ApiProperty({ nullable: true, type: Number, example: 60.0, description: 'Against the same period a year earlier' })
  valueYoYPct: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 300.0 }) nevValueYoYPct: number | null;
  @ApiProperty({
    type: [OtherValueDto],
    description:
      'Values declared in other currencies than CNY, summed per currency (sorted by currency), not converted ' +
      'and not in value or nevValue; [] when none. Their vehicles count in vehicles and nevVehicles.',
    example: [{ amount: '1250000.00', currency: 'USD' }],
  })
  otherValues: OtherValueDto[];
}

export class ExportReportDto {
  @ApiProperty({ type: [ExportReportRowDto] }) items: ExportReportRowDto[];
}
