import type { FeedPosition } from '../status-events/status-events.service.js';

/**
 * Orders two non-negative decimal integers given as text (xid8 and bigint values as PostgreSQL prints
 * them, without leading zeros): the longer is the larger, else the text order is the number order. No
 * BigInt parsing, since the hub compares every event it reads with every stream's position.
 */
function compareDecimal(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Feed order, the order of `ORDER BY tx_id, seq`: negative when `a` comes first, 0 when equal. */
export function comparePositions(a: FeedPosition, b: FeedPosition): number {
  return compareDecimal(a.tx, b.tx) || compareDecimal(a.seq, b.seq);
}

/** The later of two positions. */
export function laterPosition(a: FeedPosition, b: FeedPosition): FeedPosition {
  return comparePositions(a, b) >= 0 ? a : b;
}

/** The earliest of some positions (undefined for none). */
export function earliestPosition(positions: Iterable<FeedPosition>): FeedPosition | undefined {
  let earliest: FeedPosition | undefined;
  for (const position of positions) {
    if (!earliest || comparePositions(position, earliest) < 0) earliest = position;
  }
  return earliest;
}
