/**
 * The wait before the next round of a publisher after a failed one: at least two polls, doubling with
 * each failure in a row, at most `maxMs`. `previous` is the last back-off, 0 after a success.
 */
export function nextBackoff(previous: number, pollMs: number, maxMs: number): number {
  return Math.min(maxMs, Math.max(2 * pollMs, previous * 2));
}
