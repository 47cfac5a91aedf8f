import { jest } from '@jest/globals';
import { FakeWakeups } from '../status-events/fake-wakeups.fixtures.js';
import { RelayLoop } from './relay-loop.js';

const POLL_MS = 1000;

describe('relay loop', () => {
  let wakeups: FakeWakeups;
  let rounds: number;
  /** What the next rounds return: the wait before the following one. */
  let wait: number;
  let loop: RelayLoop;
  const errors: unknown[] = [];
  const logger = { error: (...args: unknown[]) => void errors.push(args) };
  const settle = () => jest.advanceTimersByTimeAsync(0);

  beforeEach(() => {
    jest.useFakeTimers();
    wakeups = new FakeWakeups();
    rounds = 0;
    wait = POLL_MS;
    errors.length = 0;
    loop = new RelayLoop(
      wakeups,
      () => {
        rounds++;
        return Promise.resolve(wait);
      },
      POLL_MS,
      logger,
    );
  });

  afterEach(async () => {
    await loop.stop();
    jest.useRealTimers();
  });

  it('runs a round at once, then one per poll while nothing commits', async () => {
    loop.start();
    await settle();
    expect(rounds).toBe(1);
    await jest.advanceTimersByTimeAsync(POLL_MS - 1);
    expect(rounds).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(rounds).toBe(2);
    await jest.advanceTimersByTimeAsync(3 * POLL_MS);
    expect(rounds).toBe(5);
  });

  it('cuts the wait short when status events commit', async () => {
    loop.start();
    await settle();
    await jest.advanceTimersByTimeAsync(100);
    wakeups.commit();
    await settle();
    expect(rounds).toBe(2);
    // The poll starts again from that round.
    await jest.advanceTimersByTimeAsync(POLL_MS - 1);
    expect(rounds).toBe(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(rounds).toBe(3);
  });

  it('does not cut a back-off short (a wait longer than the poll)', async () => {
    wait = 8 * POLL_MS;
    loop.start();
    await settle();
    await jest.advanceTimersByTimeAsync(POLL_MS);
    wakeups.commit();
    await settle();
    expect(rounds).toBe(1);
    await jest.advanceTimersByTimeAsync(7 * POLL_MS);
    expect(rounds).toBe(2);
  });

  it('goes on after a failed round, logging it, one poll later', async () => {
    const failing = new RelayLoop(
      wakeups,
      () => {
        rounds++;
        return Promise.reject(new Error('database gone'));
      },
      POLL_MS,
      logger,
    );
    failing.start();
    await settle();
    expect(rounds).toBe(1);
    expect(errors).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(POLL_MS);
    expect(rounds).toBe(2);
    await failing.stop();
  });

  it('stops: lets the round in progress finish, then runs no other and listens no more', async () => {
    let finish!: () => void;
    const slow = new RelayLoop(
      wakeups,
      () => {
        rounds++;
        return new Promise<number>((done) => (finish = () => done(POLL_MS)));
      },
      POLL_MS,
      logger,
    );
    slow.start();
    await settle();
    expect(slow.active).toBe(true);
    expect(wakeups.wakers.size).toBe(1);

    let stopped = false;
    const stopping = slow.stop().then(() => (stopped = true));
    await settle();
    expect(slow.active).toBe(false);
    expect(wakeups.wakers.size).toBe(0);
    expect(stopped).toBe(false); // the round is still running
    finish();
    await stopping;
    await jest.advanceTimersByTimeAsync(10 * POLL_MS);
    expect(rounds).toBe(1);
  });

  it('stops at once while waiting, even out a back-off', async () => {
    wait = 8 * POLL_MS;
    loop.start();
    await settle();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(true);
    await stopping;
    await jest.advanceTimersByTimeAsync(10 * POLL_MS);
    expect(rounds).toBe(1);
  });
});
