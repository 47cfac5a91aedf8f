import type { TimelineDto } from '../events/tracking-event.dto.js';
import type { MilestoneDto } from './tracking-page.dto.js';

/**
 * The stops of a consignment's timeline as milestones, planned against actual: a stop's actual time is
 * the first train event there; a stop not seen yet keeps the expected time the timeline gives it.
 */
export function milestonesOf(timeline: TimelineDto, names: ReadonlyMap<string, string>): MilestoneDto[] {
  const seen = new Map<string, string>();
  for (const item of timeline.items) {
    if (item.source === 'train' && !seen.has(item.stationCode)) seen.set(item.stationCode, item.occurredAt);
  }
  return timeline.planned.map((stop) => {
    const actualAt = seen.get(stop.stationCode) ?? null;
    return {
      stationCode: stop.stationCode,
      stationName: names.get(stop.stationCode) ?? stop.stationCode,
      plannedAt: stop.plannedAt,
      actualAt,
      expectedAt: actualAt ? null : stop.eta,
    };
  });
}
