import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, type Caller, CurrentCaller, Roles } from '@landbridge/common';
import { AnalyticsQueryDto, BorderDwellStatsDto, TransitTimesDto, TransitTimesQueryDto } from './analytics.dto.js';
import { AnalyticsService } from './analytics.service.js';

const SCOPE =
  'Staff see every arrived train; an exporter only the trains that carried its consignments. By actual ' +
  'departure, in China Standard Time. An answer is reused for 30 s: an arrival shows within 30 s.';

@ApiTags('analytics')
@Controller('analytics')
@Roles(...ANY_ROLE)
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('transit-times')
  @ApiOperation({
    summary: 'Transit times',
    description: `Median and 90th percentile of departure-to-arrival hours of arrived trains, by period and route. ${SCOPE}`,
  })
  @ApiOkResponse({ type: TransitTimesDto, description: 'Percentiles of transit hours, by period then route' })
  transitTimes(@CurrentCaller() caller: Caller, @Query() query: TransitTimesQueryDto): Promise<TransitTimesDto> {
    return this.analytics.transitTimes(caller, query);
  }

  @Get('border-dwell')
  @ApiOperation({
    summary: 'Border dwell',
    description:
      'Median and 90th percentile of the hours arrived trains stood at a border crossing (arrival at its first ' +
      `border stop to departure from its gauge-change stop), by period and gauge-change stop. ${SCOPE}`,
  })
  @ApiOkResponse({
    type: BorderDwellStatsDto,
    description: 'Percentiles of border dwell hours, by period then station',
  })
  borderDwell(@CurrentCaller() caller: Caller, @Query() query: AnalyticsQueryDto): Promise<BorderDwellStatsDto> {
    return this.analytics.borderDwell(caller, query);
  }
}
