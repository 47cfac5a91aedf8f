import { FailedLookups } from './failed-lookups.js';

describe('FailedLookups', () => {
  let clock = 0;
  const lookups = () => new FailedLookups(3, 60_000, () => clock);
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('refuses an address once it failed the limit within the window, with the seconds left', () => {
    const limiter = lookups();
    for (let i = 0; i < 2; i += 1) limiter.record('192.0.2.7');
    expect(limiter.retryAfter('192.0.2.7')).toBeUndefined();
    limiter.record('192.0.2.7');
    clock += 15_000;
    expect(limiter.retryAfter('192.0.2.7')).toBe(45);
  });

  it('counts each address apart', () => {
    const limiter = lookups();
    for (let i = 0; i < 3; i += 1) limiter.record('192.0.2.7');
    expect(limiter.retryAfter('192.0.2.8')).toBeUndefined();
  });

  it('forgets the failures when the window ends', () => {
    const limiter = lookups();
    for (let i = 0; i < 3; i += 1) limiter.record('192.0.2.7');
    clock += 60_000;
    expect(limiter.retryAfter('192.0.2.7')).toBeUndefined();
    limiter.record('192.0.2.7');
    expect(limiter.retryAfter('192.0.2.7')).toBeUndefined();
  });
});
