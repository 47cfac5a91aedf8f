import { nextBackoff } from './publish-backoff.js';

describe('publisher back-off', () => {
  it('waits two polls after a first failure, doubling with each failure in a row up to the maximum', () => {
    const waits: number[] = [];
    let backoff = 0;
    for (let i = 0; i < 6; i++) {
      backoff = nextBackoff(backoff, 1000, 10_000);
      waits.push(backoff);
    }
    expect(waits).toEqual([2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('never waits less than two polls, whatever the previous wait', () => {
    expect(nextBackoff(300, 1000, 10_000)).toBe(2000);
  });
});
