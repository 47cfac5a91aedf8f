/** After failing this long without a success, a subscription is disabled. */
export const GIVE_UP_MS = 3 * 24 * 3_600_000;

/** The wait before the first retry when the schedule is empty. */
const FALLBACK_SECONDS = 5;

/** WEBHOOK_RETRY_SECONDS (`5,30,120,…`): the wait after the 1st, 2nd, … failure of an event. */
export function parseRetrySchedule(text: string): number[] {
  return text.split(',').map(Number);
}

/**
 * The seconds to wait after the `attempts`-th failure of an event: its entry in the schedule (the last
 * one for every failure beyond), ±20 % at random, so that receivers coming back are not stampeded by every
 * subscription at once. `random` is a number in [0, 1), Math.random's by default.
 */
export function retryDelaySeconds(schedule: readonly number[], attempts: number, random = Math.random()): number {
  const base = schedule[Math.min(attempts, schedule.length) - 1] ?? FALLBACK_SECONDS;
  return base * (0.8 + random * 0.4);
}

/**
 * Why a failed delivery ends the subscription's deliveries, or null to retry: the receiver answered
 * 410 Gone, or the subscription has failed without a success for longer than GIVE_UP_MS (`failingSince`
 * null: it has just started failing).
 */
export function disableReason(
  result: { statusCode: number | null; error: string | null },
  failingSince: Date | null,
  now: Date,
): string | null {
  if (result.statusCode === 410) return 'the receiver answered 410 Gone';
  const since = failingSince ?? now;
  if (now.getTime() - since.getTime() > GIVE_UP_MS) {
    return `failing since ${since.toISOString()}, last: ${result.error ?? `HTTP ${result.statusCode}`}`;
  }
  return null;
}
