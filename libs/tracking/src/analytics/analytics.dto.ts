import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDay } from '@landbridge/common';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';

const FIRST_DAY = '2000-01-01';
const LAST_DAY = '2100-12-31';
const GROUP_BY = ['month', 'quarter', 'year'] as const;
export type AnalyticsPeriod = (typeof GROUP_BY)[number];

export class AnalyticsQueryDto {
  @ApiPropertyOptional({
    example: '2023-01-01',
    format: 'date',
    description: `First day of departure (China Standard Time), inclusive; all trains when left out`,
  })
  @IsOptional()
  @IsCalendarDay(FIRST_DAY, LAST_DAY)
  from?: string;

  @ApiPropertyOptional({
    example: '2024-03-31',
    format: 'date',
    description: `Last day of departure (China Standard Time), inclusive; all trains when left out`,
  })
  @IsOptional()
  @IsCalendarDay(FIRST_DAY, LAST_DAY)
  to?: string;

  @ApiPropertyOptional({ enum: GROUP_BY, default: 'month', description: 'The periods, by actual departure' })
  @IsOptional()
  @IsIn(GROUP_BY)
  groupBy: AnalyticsPeriod = 'month';
}

export class TransitTimesQueryDto extends AnalyticsQueryDto {
  @ApiPropertyOptional({ example: 'ZGZ-MOW-ERC', description: 'One route only' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,31}$/, { message: 'must be a route code such as ZGZ-MOW-ERC' })
  routeCode?: string;
}

class PercentilesDto {
  @ApiProperty({ example: '2024-01', description: '2024-01, 2024-Q1 or 2024 (by departure, China Standard Time)' })
  period: string;
  @ApiProperty({ example: 41, description: 'Arrived trains that departed in the period' }) trains: number;
  @ApiProperty({ example: 352.4, description: 'Median, hours (to 0.1)' }) p50Hours: number;
  @ApiProperty({ example: 431.9, description: '90th percentile, hours (to 0.1)' }) p90Hours: number;
}

export class TransitTimeDto extends PercentilesDto {
  @ApiProperty({ example: 'ZGZ-MOW-ERC' }) routeCode: string;
}

export class BorderDwellStatDto extends PercentilesDto {
  @ApiProperty({ example: 'MNZUU', description: "The crossing's gauge-change stop" }) stationCode: string;
}

export class TransitTimesDto {
  @ApiProperty({ type: [TransitTimeDto], description: 'By period, then route; periods without trains left out' })
  items: TransitTimeDto[];
}

export class BorderDwellStatsDto {
  @ApiProperty({ type: [BorderDwellStatDto], description: 'By period, then station; periods without trains left out' })
  items: BorderDwellStatDto[];
}
