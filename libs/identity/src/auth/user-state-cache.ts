import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { listenUrlOf } from '@landbridge/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { type UserState, UsersRepository } from '../users/users.repository.js';

/** After a failed attempt to listen, the next one waits this long (meanwhile every check reads the database). */
const RETRY_LISTENING_AFTER_MS = 1_000;
/**
 * How long a state is trusted without being read again: a LISTEN connection can die silently (a half-open
 * TCP connection after a network cut), and then no notification nor error arrives; this bounds how long a
 * disabled user may go on in this process then, at one read per active user a minute.
 */
const TRUST_STATE_MS = 60_000;

/**
 * The state of the users whose access tokens this process has seen (disabled? which role? which token
 * generation?), remembered so that checking it on every request costs no database round trip: the
 * consignment lookup, the benchmarked path, stays one query.
 *
 * A user is forgotten when it changes: at once in the process that changed it (`forget`, after commit),
 * and in every other process when PostgreSQL delivers the notification that the users_changed trigger
 * sends on commit, whatever made the change (the api, `npm run admin`, psql). States are kept only while
 * this process listens: before its LISTEN connection is open, and from its loss until it is open again,
 * every check reads the database, so a lost notification cannot leave a stale state behind.
 */
@Injectable()
export class UserStateCache implements OnModuleDestroy {
  private readonly logger = new Logger(UserStateCache.name);
  private readonly states = new LRUCache<string, UserState>({ max: 10_000, ttl: TRUST_STATE_MS });
  /** Counts forgettings: a state read while one happened may predate the change, so it is used, not kept. */
  private forgettings = 0;
  private listener: pg.Client | undefined;
  private opening = false;
  private retryAt = 0;
  private closed = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
  ) {}

  /** The user's state now, or undefined for an unknown user. */
  async get(userId: string): Promise<UserState | undefined> {
    const known = this.states.get(userId);
    if (known) return known;
    if (!this.listener) this.listen();
    const seen = this.forgettings;
    const state = await this.users.findState(userId);
    if (state && this.listener && seen === this.forgettings) this.states.set(userId, state);
    return state;
  }

  /** Forgets what this process knows of the user, once a change to it has committed. */
  forget(userId: string): void {
    this.forgettings += 1;
    this.states.delete(userId);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.stopRemembering();
    await listener?.end().catch(() => undefined);
  }

  private stopRemembering(): void {
    this.listener = undefined;
    this.forgettings += 1;
    this.states.clear();
  }

  /** Opens the LISTEN connection (in the background) unless it is opening or waiting to retry. */
  private listen(): void {
    if (this.opening || this.closed || Date.now() < this.retryAt) return;
    this.opening = true;
    void this.open().finally(() => (this.opening = false));
  }

  private async open(): Promise<void> {
    const client = new pg.Client({
      connectionString: listenUrlOf(this.dataSource),
      application_name: 'landbridge-user-changes',
      keepAlive: true,
    });
    const lost = (reason: string) => {
      if (this.listener === client) {
        this.logger.warn(`user changes are no longer heard (${reason}): reading users until listening again`);
        this.stopRemembering();
      }
      this.retryAt = Date.now() + RETRY_LISTENING_AFTER_MS;
      void client.end().catch(() => undefined);
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('connection ended'));
    client.on('notification', ({ payload }) => {
      if (payload) this.forget(payload);
    });
    try {
      await client.connect();
      await this.users.listen(client);
    } catch (error) {
      this.logger.warn(`cannot listen for user changes (${(error as Error).message}); reading users meanwhile`);
      lost('not connected');
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    // What was read before listening may have changed unheard: start afresh.
    this.stopRemembering();
    this.listener = client;
  }
}
