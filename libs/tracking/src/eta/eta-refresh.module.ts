import { Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ReferenceDataModule } from '@landbridge/reference-data';
import { EtaProfilesRepository } from './eta-profiles.repository.js';
import { EtaService } from './eta.service.js';

const EVERY_MS = 60_000;

/** Relearns the ETA profiles at start and each minute, of the routes where trains arrived since. */
@Injectable()
class EtaRefresh implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EtaRefresh.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly eta: EtaService) {}

  onApplicationBootstrap(): void {
    const run = () => {
      this.running ??= this.eta
        .refresh()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'refreshing the ETA profiles failed'))
        .finally(() => (this.running = undefined));
    };
    run();
    this.timer = setInterval(run, EVERY_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}

/** The worker's share of the learned ETA: keeping the profiles fresh (the api reads them on each event). */
@Module({ imports: [ReferenceDataModule], providers: [EtaProfilesRepository, EtaService, EtaRefresh] })
export class EtaRefreshModule {}
