import { disableReason, GIVE_UP_MS, parseRetrySchedule, retryDelaySeconds } from './webhook-retry.js';

describe('webhook retry schedule', () => {
  const schedule = parseRetrySchedule('5,30,120');

  it('reads WEBHOOK_RETRY_SECONDS as seconds per failure', () => {
    expect(schedule).toEqual([5, 30, 120]);
    expect(parseRetrySchedule('0.2')).toEqual([0.2]);
  });

  it('waits the entry of the failure, the last one for every failure beyond the schedule', () => {
    const middle = 0.5; // no jitter
    expect(retryDelaySeconds(schedule, 1, middle)).toBeCloseTo(5);
    expect(retryDelaySeconds(schedule, 2, middle)).toBeCloseTo(30);
    expect(retryDelaySeconds(schedule, 3, middle)).toBeCloseTo(120);
    expect(retryDelaySeconds(schedule, 9, middle)).toBeCloseTo(120);
  });

  it('spreads each wait by ±20 % (jitter), so receivers coming back are not stampeded', () => {
    expect(retryDelaySeconds(schedule, 2, 0)).toBeCloseTo(24);
    expect(retryDelaySeconds(schedule, 2, 0.999999)).toBeCloseTo(36);
    for (let i = 0; i < 100; i++) {
      const delay = retryDelaySeconds(schedule, 2);
      expect(delay).toBeGreaterThanOrEqual(24);
      expect(delay).toBeLessThan(36);
    }
  });

  it('falls back to 5 s when the schedule has no entry', () => {
    expect(retryDelaySeconds([], 1, 0.5)).toBeCloseTo(5);
  });
});

describe('disabling a failing webhook', () => {
  const now = new Date('2025-03-10T12:00:00Z');
  const failed = { statusCode: 500, error: null };

  it('disables at once on 410 Gone', () => {
    expect(disableReason({ statusCode: 410, error: null }, null, now)).toBe('the receiver answered 410 Gone');
  });

  it('retries a first failure, and one failing for less than three days', () => {
    expect(disableReason(failed, null, now)).toBeNull();
    expect(disableReason(failed, new Date(now.getTime() - GIVE_UP_MS), now)).toBeNull();
  });

  it('disables after three days of failures, naming since when and the last failure', () => {
    const since = new Date(now.getTime() - GIVE_UP_MS - 1);
    expect(disableReason(failed, since, now)).toBe(`failing since ${since.toISOString()}, last: HTTP 500`);
    expect(disableReason({ statusCode: null, error: 'no answer within 10 s' }, since, now)).toBe(
      `failing since ${since.toISOString()}, last: no answer within 10 s`,
    );
  });
});
