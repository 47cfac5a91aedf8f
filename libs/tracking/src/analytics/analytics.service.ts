import { Injectable } from '@nestjs/common';
import { type Caller, scopeOf } from '@landbridge/common';
import type { AnalyticsQueryDto, BorderDwellStatsDto, TransitTimesDto, TransitTimesQueryDto } from './analytics.dto.js';
import { AnalyticsRepository } from './analytics.repository.js';

/** Transit-time and border-dwell percentiles in the caller's scope, from the trips recorded at arrival. */
@Injectable()
export class AnalyticsService {
  constructor(private readonly analytics: AnalyticsRepository) {}

  async transitTimes(caller: Caller, query: TransitTimesQueryDto): Promise<TransitTimesDto> {
    return { items: await this.analytics.transitTimes(scopeOf(caller), query) };
  }

  async borderDwell(caller: Caller, query: AnalyticsQueryDto): Promise<BorderDwellStatsDto> {
    return { items: await this.analytics.borderDwell(scopeOf(caller), query) };
  }
}
