import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { listenUrlOf } from '@landbridge/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { StatusEventsRepository } from './status-events.repository.js';

/**
 * One LISTEN connection per process, opened when the first reader subscribes: wakes the readers (stream
 * clients, the relay) when status events commit, in this process or any other. Readers also poll, so a
 * lost connection only adds latency; it is reopened after a second. The connection is infrastructure
 * (a pg client of its own, outside the pool, since it stays in LISTEN); the statement is the repository's.
 */
@Injectable()
export class StatusEventsListener implements OnModuleDestroy {
  private readonly logger = new Logger(StatusEventsListener.name);
  private readonly wakers = new Set<() => void>();
  private client: pg.Client | undefined;
  private connecting = false;
  private closed = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: StatusEventsRepository,
  ) {}

  /** Calls `wake` on every commit of status events until the returned function is called. */
  subscribe(wake: () => void): () => void {
    this.wakers.add(wake);
    void this.listen();
    return () => this.wakers.delete(wake);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.client || this.connecting || this.closed) return;
    this.connecting = true;
    const client = new pg.Client({
      connectionString: listenUrlOf(this.dataSource),
      application_name: 'landbridge-listener',
    });
    const retry = () => {
      if (this.client === client) this.client = undefined;
      if (!this.closed) setTimeout(() => void this.listen(), 1000).unref();
    };
    client.on('error', (error) => {
      this.logger.warn(`status event notifications lost (${error.message}); reconnecting`);
      void client.end().catch(() => undefined);
      retry();
    });
    client.on('notification', () => {
      for (const wake of this.wakers) wake();
    });
    try {
      await client.connect();
      await this.events.listen(client);
      this.client = client;
      if (this.closed) await client.end();
    } catch (error) {
      this.logger.warn(`cannot listen for status events (${(error as Error).message}); retrying`);
      void client.end().catch(() => undefined);
      retry();
    } finally {
      this.connecting = false;
    }
  }
}
