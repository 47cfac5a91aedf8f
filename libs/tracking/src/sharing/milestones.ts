import type { TimelineDto } from '../events/tracking-event.dto.js';
import type { MilestoneDto } from './tracking-page.dto.js';

/** A station code begins with its country (ISO 3166-1 alpha-2), which stations enforce on creation. */
const countryOf = (stationCode: string) => stationCode.slice(0, 2);

/**
 * The stops of a consignment's timeline as milestones, planned against actual: a stop's actual time is
 * the first train event there; a stop not seen yet keeps the expected time the timeline gives it. A stop
 * in another country than the one before it is where the train has crossed a border.
 */
export function milestonesOf(timeline: TimelineDto, names: ReadonlyMap<string, string>): MilestoneDto[] {
  const seen = new Map<string, string>();
  for (const item of timeline.items) {
    if (item.source === 'train' && !seen.has(item.stationCode)) seen.set(item.stationCode, item.occurredAt);
  }
  return timeline.planned.map((stop, i) => {
    const actualAt = seen.get(stop.stationCode) ?? null;
    const before = timeline.planned[i - 1];
    return {
      stationCode: stop.stationCode,
      stationName: names.get(stop.stationCode) ?? stop.stationCode,
      plannedAt: stop.plannedAt,
      actualAt,
      expectedAt: actualAt ? null : stop.eta,
      borderCrossing: before !== undefined && countryOf(before.stationCode) !== countryOf(stop.stationCode),
      gaugeChange: stop.gaugeChange,
    };
  });
}
