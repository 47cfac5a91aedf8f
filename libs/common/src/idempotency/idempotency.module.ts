import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { IdempotencyStore } from './idempotency.store.js';

/**
 * Idempotency-Key handling: the store (rules over IdempotencyRepository), and the interceptor that the
 * write-route decorators (Post, Put, Patch, Delete of write-routes.ts) put on every write, with the audit
 * log's (AuditModule) after it. Each context
 * whose controllers write imports it.
 */
@Module({
  imports: [AuditModule],
  providers: [IdempotencyRepository, IdempotencyStore, IdempotencyInterceptor],
  exports: [IdempotencyStore, IdempotencyInterceptor, AuditModule],
})
export class IdempotencyModule {}
