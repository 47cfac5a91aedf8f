import { Injectable } from '@nestjs/common';
import { type Caller, scopeOf } from '@landbridge/common';
import { LRUCache } from 'lru-cache';
import type { AnalyticsQueryDto, BorderDwellStatsDto, TransitTimesDto, TransitTimesQueryDto } from './analytics.dto.js';
import { AnalyticsRepository } from './analytics.repository.js';

/**
 * How long an answer is reused: the rows change only when a train arrives (a few times a day per route),
 * and a dashboard asks the same question again and again; an arrival shows at most this much later.
 */
const REUSE_MS = 30_000;

/**
 * Transit-time and border-dwell percentiles in the caller's scope, from the trips recorded at arrival;
 * each answer is kept REUSE_MS per scope and question in this process.
 */
@Injectable()
export class AnalyticsService {
  private readonly answers = new LRUCache<string, TransitTimesDto | BorderDwellStatsDto>({
    max: 1_000,
    ttl: REUSE_MS,
  });

  constructor(private readonly analytics: AnalyticsRepository) {}

  transitTimes(caller: Caller, query: TransitTimesQueryDto): Promise<TransitTimesDto> {
    const scope = scopeOf(caller);
    return this.reused(['transit', scope.organizationId, query], async () => ({
      items: await this.analytics.transitTimes(scope, query),
    }));
  }

  borderDwell(caller: Caller, query: AnalyticsQueryDto): Promise<BorderDwellStatsDto> {
    const scope = scopeOf(caller);
    return this.reused(['dwell', scope.organizationId, query], async () => ({
      items: await this.analytics.borderDwell(scope, query),
    }));
  }

  /** The answer kept for `key`, else `read`'s, kept once read (a read in flight is not shared, nor a failure). */
  private async reused<T extends TransitTimesDto | BorderDwellStatsDto>(
    key: unknown[],
    read: () => Promise<T>,
  ): Promise<T> {
    const id = JSON.stringify(key);
    const known = this.answers.get(id);
    if (known) return known as T;
    const answer = await read();
    this.answers.set(id, answer);
    return answer;
  }
}
