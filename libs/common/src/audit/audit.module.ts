import {
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  RequestMethod,
} from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { asSystem } from '../database/database-scope.js';
import { routeHandlers } from '../http/route-handlers.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditLogController } from './audit-log.controller.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { AUDITED } from './audited.decorator.js';

const WRITES = new Set([RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE]);
const DAY_MS = 86_400_000;

/** At start-up, refuses an app with a write handler that declares neither @Audited nor @NotAudited. */
@Injectable()
class AuditedRoutesCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared = routeHandlers(this.discovery, this.scanner)
      .filter(({ handler }) => WRITES.has(Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod))
      .filter(({ handler }) => Reflect.getMetadata(AUDITED, handler) === undefined)
      .map(({ controller, name }) => `${controller.name}.${name}`);
    if (undeclared.length > 0) {
      throw new Error(
        `These write handlers declare neither @Audited(...) nor @NotAudited(...): ${undeclared.join(', ')}`,
      );
    }
  }
}

/**
 * Adds the audit log's monthly partitions, from last month to two months ahead: at start (before the app
 * takes requests, so that no entry of this month falls in the default partition) and daily. An entry in
 * the default partition is reported as an error: its month cannot get a partition until a DBA moves it.
 */
@Injectable()
class AuditPartitions implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditPartitions.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly log: AuditLogRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    await asSystem(() => this.upkeep());
    this.timer = setInterval(() => void asSystem(() => this.upkeep()), DAY_MS).unref();
  }

  private async upkeep(): Promise<void> {
    try {
      const now = new Date();
      const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
      const added = await this.log.addMonths(lastMonth, 4);
      if (added) this.logger.log(`added ${added} monthly partitions to the audit log`);
      if (await this.log.defaultPartitionHoldsRows()) {
        this.logger.error(
          'audit_log_default holds entries (of months without a partition): move them to their month by hand, ' +
            'or that month never gets a partition',
        );
      }
    } catch (error: unknown) {
      this.logger.warn({ err: error }, 'adding audit log partitions failed');
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}

/**
 * The audit log: the interceptor that writes an entry in each write request's transaction (put on every
 * write route by write-routes.ts), GET /audit-log, and the upkeep of its partitions.
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [AuditLogController],
  providers: [AuditLogRepository, AuditInterceptor, AuditedRoutesCheck, AuditPartitions],
  exports: [AuditLogRepository, AuditInterceptor],
})
export class AuditModule {}
