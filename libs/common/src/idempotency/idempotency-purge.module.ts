import { Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { IdempotencyRepository } from './idempotency.repository.js';
import { IdempotencyStore } from './idempotency.store.js';

const EVERY_MS = 3_600_000;

/** Forgets idempotency keys past their 24 h retention, at start and every hour. */
@Injectable()
class IdempotencyPurge implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyPurge.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly store: IdempotencyStore) {}

  onApplicationBootstrap(): void {
    const run = () =>
      void this.store
        .purge()
        .then((purged) => purged && this.logger.log(`forgot ${purged} expired idempotency keys`))
        .catch((error: unknown) => this.logger.warn({ err: error }, 'purging idempotency keys failed'));
    run();
    this.timer = setInterval(run, EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}

/** The worker's share of idempotency: the hourly purge (the api stores and replays keys). */
@Module({ providers: [IdempotencyRepository, IdempotencyStore, IdempotencyPurge] })
export class IdempotencyPurgeModule {}
