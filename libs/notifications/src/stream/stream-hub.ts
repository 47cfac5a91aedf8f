import type { Writable } from 'node:stream';
import type { LoggerService } from '@nestjs/common';
import type { UpdateEventDto } from '../status-events/status-event.dto.js';
import type { StatusEventsListener } from '../status-events/status-events.listener.js';
import type { FeedPosition, StatusEventsService } from '../status-events/status-events.service.js';
import { comparePositions, earliestPosition, laterPosition } from './feed-position.js';

/** What the hub reads: the commit-safe feed (see StatusEventsService.readAfter). */
export type FeedReader = Pick<StatusEventsService, 'readAfter' | 'currentPosition'>;
/** What wakes the hub besides its timer: commits of status events in any process. */
export type FeedWakeups = Pick<StatusEventsListener, 'subscribe'>;

export interface StreamHubOptions {
  /** Events per read. */
  batch: number;
  /** Period of the shared read when no notification comes (events become readable when older transactions end). */
  pollMs: number;
  /** Period of the comment that keeps idle connections (and proxies) open. */
  heartbeatMs: number;
}

const STREAM_HUB_DEFAULTS: StreamHubOptions = { batch: 200, pollMs: 1000, heartbeatMs: 15_000 };

/**
 * One stream. `live` streams are served by the shared read; a stream `catching-up` reads its own backlog
 * (a resume from Last-Event-ID, or what it missed while its client was slow). `position` is where its
 * next event comes after: every event of its scope up to there has been written to it.
 */
interface Member {
  readonly out: Writable;
  /** The exporter whose events it gets, or undefined for staff (all). */
  readonly scope: string | undefined;
  position: FeedPosition;
  state: 'catching-up' | 'live' | 'closed';
}

/** The server-sent event of one update event (`event:` its type). */
function sseFrame(event: UpdateEventDto): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Resolves when `out` can take more (or is gone, so that nobody waits for a drain that never comes). */
function drained(out: Writable): Promise<void> {
  if (out.destroyed || !out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/**
 * The feed reader behind every event stream of this process. One timer and the process's single LISTEN
 * connection wake it; each wake reads the feed once, unscoped, from the earliest position of the live
 * streams, and hands each stream the events of its scope after its own position (advancing every
 * stream past what it read, in scope or not, so that the earliest position stays near the end of the
 * feed). The number of feed queries thus depends on the rate of events, not on the number of streams.
 *
 * A stream that starts behind (Last-Event-ID) first reads its backlog alone, with its scope, so that
 * neither the shared read nor the other streams wait for it; it joins the shared read once a read
 * comes back short, at the later of its last event and the end of the feed as it stood before that
 * read (nothing of its scope lies between them). A stream whose client does not keep up (its socket
 * buffer fills) leaves the shared read the same way: it waits for the drain, then catches up alone.
 * The feed's commit-safe order is kept throughout, since every read, shared or not, is a readAfter from
 * a position every event of the stream's scope before which has been written.
 */
export class StreamHub {
  private readonly members = new Set<Member>();
  private readonly live = new Set<Member>();
  private running: { poll: NodeJS.Timeout; heartbeat: NodeJS.Timeout; unsubscribe: () => void } | undefined;
  private reading = false;
  private again = false;
  private closed = false;

  constructor(
    private readonly feed: FeedReader,
    private readonly wakeups: FeedWakeups,
    private readonly logger: LoggerService,
    private readonly options: StreamHubOptions = STREAM_HUB_DEFAULTS,
  ) {}

  /** Streams served (live or catching up). */
  get size(): number {
    return this.members.size;
  }

  /**
   * Serves the events of `scope` (an exporter id; undefined for all) after `position` to `out`. With
   * `behind`, the stream reads its backlog alone first; without, `position` must be the current end of
   * the feed (StatusEventsService.currentPosition). Returns the function that removes the stream.
   */
  add(out: Writable, scope: string | undefined, position: FeedPosition, behind: boolean): () => void {
    const member: Member = { out, scope, position, state: 'catching-up' };
    this.members.add(member);
    this.start();
    if (behind) void this.catchUp(member);
    else this.join(member, false);
    return () => this.remove(member);
  }

  /** Stops the timers for good (shutdown); ending the streams is their owner's business. */
  close(): void {
    this.closed = true;
    this.idle();
  }

  private remove(member: Member): void {
    if (member.state === 'closed') return;
    member.state = 'closed';
    this.live.delete(member);
    this.members.delete(member);
    if (!this.members.size) this.idle();
  }

  /** The timer, the notifications and the heartbeat run while there is at least one stream. */
  private start(): void {
    if (this.running || this.closed) return;
    const poll = setInterval(() => this.wake(), this.options.pollMs).unref();
    const heartbeat = setInterval(() => this.heartbeat(), this.options.heartbeatMs).unref();
    const unsubscribe = this.wakeups.subscribe(() => this.wake());
    this.running = { poll, heartbeat, unsubscribe };
  }

  private idle(): void {
    if (!this.running) return;
    clearInterval(this.running.poll);
    clearInterval(this.running.heartbeat);
    this.running.unsubscribe();
    this.running = undefined;
  }

  private join(member: Member, wake: boolean): void {
    if (member.state !== 'catching-up') return;
    member.state = 'live';
    this.live.add(member);
    // Events that committed while it read alone were perhaps announced before it joined.
    if (wake) this.wake();
  }

  /** Leaves the shared read until the client has taken what is buffered, then catches up alone. */
  private fallBehind(member: Member): void {
    member.state = 'catching-up';
    this.live.delete(member);
    void drained(member.out).then(() => this.catchUp(member));
  }

  /** Reads the stream's backlog with its own scope until a read comes back short, then joins. */
  private async catchUp(member: Member): Promise<void> {
    const { batch } = this.options;
    while (member.state === 'catching-up') {
      try {
        // Taken before the read, so at or before the end of the feed the read sees.
        const end = await this.feed.currentPosition();
        const events = await this.feed.readAfter(member.scope, member.position, batch);
        for (const { event, position } of events) {
          if (member.state !== 'catching-up') return;
          member.position = position;
          if (!member.out.write(sseFrame(event))) await drained(member.out);
        }
        if (member.state !== 'catching-up') return;
        if (events.length < batch) {
          member.position = laterPosition(member.position, end);
          this.join(member, true);
          return;
        }
      } catch (error) {
        this.logger.warn(`event stream catch-up failed (${(error as Error).message}); retrying`);
        await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
      }
    }
  }

  private wake(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    void this.cycle();
  }

  /** One shared read at a time; wakes during it make one more. */
  private async cycle(): Promise<void> {
    this.reading = true;
    try {
      do {
        this.again = false;
        await this.readShared();
      } while (this.again && !this.closed);
    } catch (error) {
      this.logger.warn(`event stream read failed (${(error as Error).message}); retrying`);
    } finally {
      this.reading = false;
    }
  }

  /**
   * Reads the feed after the earliest position of the streams live when it starts (one that joins
   * meanwhile waits for the next read: its position may be before what this one has passed) until a
   * read comes back short, and hands each event to the streams it is new to.
   */
  private async readShared(): Promise<void> {
    const { batch } = this.options;
    let readers = [...this.live];
    while (readers.length) {
      const from = earliestPosition(readers.map((member) => member.position))!;
      const events = await this.feed.readAfter(undefined, from, batch);
      for (const { event, position } of events) {
        let frame: string | undefined;
        for (const member of readers) {
          if (member.state !== 'live' || comparePositions(position, member.position) <= 0) continue;
          member.position = position;
          if (member.scope !== undefined && member.scope !== event.data.exporterId) continue;
          frame ??= sseFrame(event);
          if (!member.out.write(frame)) this.fallBehind(member);
        }
      }
      if (events.length < batch) return;
      readers = readers.filter((member) => member.state === 'live');
    }
  }

  private heartbeat(): void {
    for (const { out } of this.members) {
      if (!out.writableNeedDrain) out.write(': heartbeat\n\n');
    }
  }
}
