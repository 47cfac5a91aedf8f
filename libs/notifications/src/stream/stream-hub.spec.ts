import { Writable } from 'node:stream';
import type { LoggerService } from '@nestjs/common';
import { STATUS_CHANGED } from '../status-events/status-event.dto.js';
import type { FeedPosition, PositionedEvent } from '../status-events/status-events.service.js';
import { comparePositions } from './feed-position.js';
import { FakeWakeups } from '../status-events/fake-wakeups.fixtures.js';
import { type FeedReader, StreamHub } from './stream-hub.js';

interface Row {
  id: string;
  exporterId: string;
  tx: number;
  seq: number;
}

/**
 * The feed in memory, with the rule of StatusEventsService.readAfter: only rows of transactions below
 * `xmin` (older than every one still running) are read, in (tx, seq) order.
 */
class FakeFeed implements FeedReader {
  readonly rows: Row[] = [];
  readonly reads: { scope: string | undefined; from: FeedPosition | null }[] = [];
  xmin = 1;
  private seq = 0;

  /** Writes an event in transaction `tx` (committed once `xmin` passes it). */
  write(id: string, exporterId: string, tx: number): void {
    this.rows.push({ id, exporterId, tx, seq: ++this.seq });
  }

  positionOf(id: string): FeedPosition {
    const row = this.rows.find((r) => r.id === id)!;
    return { tx: String(row.tx), seq: String(row.seq) };
  }

  readAfter(scope: string | undefined, from: FeedPosition | null, limit: number): Promise<PositionedEvent[]> {
    this.reads.push({ scope, from });
    const at = (row: Row): FeedPosition => ({ tx: String(row.tx), seq: String(row.seq) });
    return Promise.resolve(
      this.rows
        .filter((row) => row.tx < this.xmin && (scope === undefined || row.exporterId === scope))
        .filter((row) => !from || comparePositions(at(row), from) > 0)
        .sort((a, b) => a.tx - b.tx || a.seq - b.seq)
        .slice(0, limit)
        .map((row) => ({
          position: at(row),
          event: {
            id: row.id,
            type: STATUS_CHANGED,
            occurredAt: '2024-03-20T01:30:00.000Z',
            data: {
              consignmentId: row.id,
              waybillNumber: 'SMGS24030001',
              exporterId: row.exporterId,
              previousStatus: 'booked',
              status: 'loaded',
              stationCode: null,
              eta: null,
              note: null,
            },
          },
        })),
    );
  }

  currentPosition(): Promise<FeedPosition> {
    return Promise.resolve({ tx: String(this.xmin), seq: '0' });
  }
}

/** A client: records the ids it receives; with `stuck`, takes nothing until `unstick` (a slow reader). */
class Client extends Writable {
  readonly ids: string[] = [];
  private held: (() => void)[] = [];
  private stuck: boolean;

  constructor(stuck = false) {
    // A slow client's buffer is full after one event; a quick one's never is.
    super({ highWaterMark: stuck ? 1 : 1 << 20, decodeStrings: false });
    this.stuck = stuck;
  }

  override _write(chunk: string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const id = /^id: (.+)$/m.exec(chunk)?.[1];
    if (id) this.ids.push(id);
    if (this.stuck) this.held.push(() => callback());
    else callback();
  }

  unstick(): void {
    this.stuck = false;
    for (const release of this.held.splice(0)) release();
  }
}

const logger: LoggerService = { log: () => undefined, warn: () => undefined, error: () => undefined };
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};
const idle = { batch: 3, pollMs: 60_000, heartbeatMs: 60_000 };

describe('StreamHub', () => {
  let feed: FakeFeed;
  let wakeups: FakeWakeups;
  let hub: StreamHub;

  beforeEach(() => {
    feed = new FakeFeed();
    wakeups = new FakeWakeups();
    hub = new StreamHub(feed, wakeups, logger, idle);
  });
  afterEach(() => hub.close());

  const fresh = async (scope: string | undefined) => {
    const client = new Client();
    hub.add(client, scope, await feed.currentPosition(), false);
    return client;
  };
  const commitUpTo = (tx: number) => {
    feed.xmin = tx + 1;
    wakeups.commit();
    return settle();
  };

  it('reads the feed once per wake for all its streams, and gives each the events of its scope', async () => {
    const staff = await Promise.all([fresh(undefined), fresh(undefined)]);
    const ofA = await Promise.all([fresh('A'), fresh('A'), fresh('A')]);
    const ofB = await fresh('B');
    feed.write('a1', 'A', 1);
    feed.write('b1', 'B', 2);
    feed.write('a2', 'A', 3);
    feed.write('a3', 'A', 3);
    await commitUpTo(3);

    for (const client of staff) expect(client.ids).toEqual(['a1', 'b1', 'a2', 'a3']);
    for (const client of ofA) expect(client.ids).toEqual(['a1', 'a2', 'a3']);
    expect(ofB.ids).toEqual(['b1']);
    // Two reads (a full batch of 3, then the rest), whatever the number of streams; all unscoped.
    expect(feed.reads).toHaveLength(2);
    expect(feed.reads.every((read) => read.scope === undefined)).toBe(true);
  });

  it('keeps commit-safe order: an event of an older transaction that commits late comes first', async () => {
    const client = await fresh(undefined);
    feed.write('slow', 'A', 1); // begun first, still running
    feed.write('quick', 'B', 2); // committed, but behind the running transaction
    feed.xmin = 1;
    wakeups.commit();
    await settle();
    expect(client.ids).toEqual([]);
    await commitUpTo(2);
    expect(client.ids).toEqual(['slow', 'quick']);
    feed.write('later', 'A', 3);
    await commitUpTo(3);
    expect(client.ids).toEqual(['slow', 'quick', 'later']);
  });

  it('reads nothing while no stream is open, and stops waking when the last one closes', async () => {
    await commitUpTo(5);
    expect(feed.reads).toHaveLength(0);
    expect(wakeups.wakers.size).toBe(0);
    const client = new Client();
    const leave = hub.add(client, undefined, await feed.currentPosition(), false);
    expect(wakeups.wakers.size).toBe(1);
    leave();
    expect(wakeups.wakers.size).toBe(0);
    feed.write('x', 'A', 6);
    await commitUpTo(6);
    expect(feed.reads).toHaveLength(0);
    expect(client.ids).toEqual([]);
  });

  it('lets a stream resuming from far behind catch up alone, then join the shared read', async () => {
    for (let i = 1; i <= 8; i++) feed.write(`old${i}`, i % 2 ? 'A' : 'B', i);
    feed.xmin = 9;
    const live = await fresh(undefined);
    const resumed = new Client(true); // slow: it takes nothing until unstuck
    hub.add(resumed, 'A', feed.positionOf('old3'), true);
    await settle();

    // The live stream is served while the resumed one is still stuck in its backlog.
    feed.write('new1', 'B', 9);
    await commitUpTo(9);
    expect(live.ids).toEqual(['new1']);

    resumed.unstick();
    await settle();
    feed.write('new2', 'A', 10);
    await commitUpTo(10);
    expect(resumed.ids).toEqual(['old5', 'old7', 'new2']);
    expect(live.ids).toEqual(['new1', 'new2']);
    // Its backlog was read with its scope; once it joined, the shared read went on from the end of the
    // feed (transaction 9 on), not from its old position.
    expect(feed.reads.filter((read) => read.scope === 'A').length).toBeGreaterThan(0);
    const shared = feed.reads.filter((read) => read.scope === undefined);
    expect(shared.map((read) => Number(read.from!.tx) >= 9)).toEqual(shared.map(() => true));
  });

  it('takes a slow client out of the shared read and lets it catch up once it drains, in order', async () => {
    const slow = new Client(true);
    hub.add(slow, undefined, await feed.currentPosition(), false);
    const quick = await fresh(undefined);
    for (let i = 1; i <= 7; i++) feed.write(`e${i}`, 'A', i);
    await commitUpTo(7);
    expect(quick.ids).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
    expect(slow.ids).toEqual(['e1']); // its buffer is full after one

    feed.write('e8', 'A', 8);
    await commitUpTo(8);
    expect(quick.ids.at(-1)).toBe('e8');

    slow.unstick();
    await settle();
    feed.write('e9', 'A', 9);
    await commitUpTo(9);
    expect(slow.ids).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9']);
    expect(quick.ids).toEqual(slow.ids);
  });
});
