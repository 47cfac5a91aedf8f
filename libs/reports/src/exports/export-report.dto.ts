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

  @ApiPropertyOptional({ enum: GROUP_BY, default: 'month', description: 'The periods of the report' })
  @IsOptional()
  @IsIn(GROUP_BY)
  groupBy: (typeof GROUP_BY)[number] = 'month';

  @ApiPropertyOptional({ format: 'uuid', description: 'Staff: one exporter only (an exporter always sees its own)' })
  @IsOptional()
  @IsUUID()
  exporterId?: string;
}

class CnyDto {
  @ApiProperty({ example: '2950000000.00', description: 'Decimal string' }) amount: string;
  @ApiProperty({ example: 'CNY' }) currency: 'CNY';
}

class OtherValueDto {
  @ApiProperty({ example: '1250000.00' }) amount: string;
  @ApiProperty({ example: 'USD', description: 'ISO 4217, never CNY' }) currency: string;
}

export class ExportReportRowDto {
  @ApiProperty({ example: '2024-01', description: '2024-01, 2024-Q1 or 2024' }) period: string;
  @ApiProperty({ example: 20718, description: 'Vehicles that left on trains departing in the period' })
  vehicles: number;
  @ApiProperty({ type: CnyDto, description: 'Their declared value' }) value: CnyDto;
  @ApiProperty({ example: 6115, description: 'New-energy vehicles: BEV, PHEV and FCEV' }) nevVehicles: number;
  @ApiProperty({ type: CnyDto, description: 'The declared value of the new-energy ones' }) nevValue: CnyDto;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 58.4,
    description: 'Growth of value against the same days a year earlier, in %; null when there was nothing then',
  })
  valueYoYPct: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 296.2, description: 'The same for the new-energy value' })
  nevValueYoYPct: number | null;
  @ApiProperty({
    type: [OtherValueDto],
    description:
      'Values declared in other currencies than CNY, summed per currency (sorted by currency), not converted ' +
      'and not in value or nevValue; [] when none. Their vehicles count in vehicles and nevVehicles.',
    example: [{ amount: '1250000.00', currency: 'USD' }],
  })
  otherValues: OtherValueDto[];
}

/** January and February 2024 as the provincial figures give them: 5.5 bn yuan (+60 %), 1.8 bn new-energy. */
const REPORT_EXAMPLE: ExportReportRowDto[] = [
  {
    period: '2024-01',
    vehicles: 20718,
    value: { amount: '2950000000.00', currency: 'CNY' },
    nevVehicles: 6115,
    nevValue: { amount: '960000000.00', currency: 'CNY' },
    valueYoYPct: 58.4,
    nevValueYoYPct: 296.2,
    otherValues: [],
  },
  {
    period: '2024-02',
    vehicles: 17902,
    value: { amount: '2550000000.00', currency: 'CNY' },
    nevVehicles: 5340,
    nevValue: { amount: '840000000.00', currency: 'CNY' },
    valueYoYPct: 61.9,
    nevValueYoYPct: 304.1,
    otherValues: [{ amount: '1250000.00', currency: 'USD' }],
  },
];

export class ExportReportDto {
  @ApiProperty({
    type: [ExportReportRowDto],
    description: 'Every period of the range, in order',
    example: REPORT_EXAMPLE,
  })
  items: ExportReportRowDto[];
}
