// Shared by the journey specs (not compiled into dist: *.fixtures.ts is left out of the build).
import type { EventType } from './event-types.js';
import type { JourneyEvent, PlannedStop } from './journey.js';

export const ROUTE = 'ZGZ-MOW-ERC';

/** Route ZGZ-MOW-ERC: Zhengzhou → Erenhot → Zamyn-Uud → Ulaanbaatar → Naushki → Novosibirsk → Yekaterinburg → Moscow. */
export const STOPS: PlannedStop[] = [
  { stationCode: 'CNZGZ', plannedHoursFromOrigin: 0 },
  { stationCode: 'CNERC', plannedHoursFromOrigin: 40 },
  { stationCode: 'MNZUU', plannedHoursFromOrigin: 52 },
  { stationCode: 'MNULN', plannedHoursFromOrigin: 70 },
  { stationCode: 'RUNKI', plannedHoursFromOrigin: 96 },
  { stationCode: 'RUOVB', plannedHoursFromOrigin: 170 },
  { stationCode: 'RUYEK', plannedHoursFromOrigin: 230 },
  { stationCode: 'RUMOW', plannedHoursFromOrigin: 300 },
];

/** Planned departure, 2024-03-20 09:30 in Zhengzhou; `at(h)` is h hours after it. */
const PLANNED_DEPARTURE = Date.parse('2024-03-20T01:30:00Z');
export const at = (hours: number) => new Date(PLANNED_DEPARTURE + hours * 3_600_000);

/** The consignment whose own events `own` makes. */
const CONSIGNMENT = 'c-1';

let seq = 0;
/** A train event (no consignment), `hours` after the planned departure. */
export function event(
  type: EventType,
  stationCode: string,
  hours: number,
  extra: Partial<JourneyEvent> = {},
): JourneyEvent {
  return {
    type,
    stationCode,
    occurredAt: at(hours),
    consignmentId: null,
    vin: null,
    note: null,
    delayHours: null,
    seq: ++seq,
    ...extra,
  };
}

/** An event of consignment c-1. */
export const own = (type: EventType, stationCode: string, hours: number, extra: Partial<JourneyEvent> = {}) =>
  event(type, stationCode, hours, { consignmentId: CONSIGNMENT, ...extra });
