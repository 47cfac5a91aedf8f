import {
  applyDecorators,
  Delete as NestDelete,
  Patch as NestPatch,
  Post as NestPost,
  Put as NestPut,
  UseInterceptors,
} from '@nestjs/common';
import { AuditInterceptor } from '../audit/audit.interceptor.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

/**
 * The service's write routes: Nest's route decorators with Idempotency-Key handling
 * (IdempotencyInterceptor) and then the audit entry in the request's one transaction (AuditInterceptor)
 * on each: a replay stops at the first and writes no entry. Only writes carry it: on a read Nest would run its interceptor chain
 * (rxjs and an async resource per step) for nothing, on the hottest path. ESLint refuses Nest's own Post, Put, Patch and Delete in the
 * service, so no write can miss it.
 */
const write = (route: (path?: string | string[]) => MethodDecorator) => (path?: string | string[]) =>
  applyDecorators(route(path), UseInterceptors(IdempotencyInterceptor, AuditInterceptor));

export const Post = write(NestPost);
export const Put = write(NestPut);
export const Patch = write(NestPatch);
export const Delete = write(NestDelete);
