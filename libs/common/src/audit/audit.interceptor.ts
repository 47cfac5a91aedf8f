import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { CALLER, type Caller } from '../access/caller.js';
import { SpreadsheetUpload } from '../spreadsheets/spreadsheet-upload.js';
import { auditValue, changesOf, uploadChanges } from './audit-changes.js';
import { AuditLogRepository, type NewAuditEntry } from './audit-log.repository.js';
import { AUDITED, type AuditedRoute } from './audited.decorator.js';
import { commitHooksOf, inRequestTransaction, RequestTransaction } from './request-transaction.js';

type AuditedRequest = FastifyRequest & { [CALLER]?: Caller; params: Record<string, string | undefined> };

/**
 * The audit entry of every write (on each route of write-routes.ts, after the Idempotency-Key check, so a
 * replay never reaches it): the handler runs in one transaction of its own (RequestTransaction), and when
 * it succeeds the entry is written in that transaction before it commits, with what the request registered
 * to commit with its change (commitWith: the Idempotency-Key's answer). A failed request rolls back and
 * leaves no entry; a request whose service noted that it changed nothing (a dry run) rolls back too.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: AuditLogRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    const route = Reflect.getMetadata(AUDITED, context.getHandler()) as AuditedRoute | undefined;
    const caller = request[CALLER];
    if (!route)
      throw new Error(`${request.method} ${request.routeOptions.url} declares neither @Audited nor @NotAudited`);
    if ('notAudited' in route || !caller) return next.handle();
    const transaction = new RequestTransaction(this.dataSource);
    return new Observable((subscriber) => {
      inRequestTransaction(transaction, () =>
        lastValueFrom(next.handle() as Observable<unknown>, { defaultValue: undefined }),
      )
        .then(async (result) => {
          if (transaction.note.unchanged) {
            await transaction.finish(false);
          } else {
            const em = await transaction.manager();
            await this.log.append(em, this.entryOf(request, caller, route, result, transaction));
            for (const hook of commitHooksOf(request)) await hook(em, result);
            await transaction.finish(true);
          }
          return result;
        })
        .catch(async (error: unknown) => {
          await transaction.finish(false);
          throw error;
        })
        .then(
          (result) => {
            subscriber.next(result);
            subscriber.complete();
          },
          (error: unknown) => subscriber.error(error),
        );
    });
  }

  private entryOf(
    request: AuditedRequest,
    caller: Caller,
    route: Exclude<AuditedRoute, { notAudited: string }>,
    result: unknown,
    { note }: RequestTransaction,
  ): NewAuditEntry {
    const answer = answerOf(typeof result === 'string' ? parsed(result) : result);
    const idParam = route.entityId === 'response' ? 'id' : route.entityId.param;
    const responseId = [answer?.id, answer?.code].find((value): value is string => typeof value === 'string');
    const entityId =
      note.entityId ?? (route.entityId === 'response' ? responseId : undefined) ?? request.params[idParam] ?? null;
    // What a request set: its JSON body; for a file upload, the file (hash and size) and what the answer
    // counts; for a DELETE, the object named beside the entity (the VIN of DELETE /trains/:id/loadings/:vin),
    // which goes.
    const body = objectOf(request.body);
    const removed = Object.entries(request.params).filter(([name]) => name !== idParam);
    const given = body ?? (request.method === 'DELETE' ? {} : (answer ?? {}));
    const changes = note.changes
      ? (auditValue(note.changes) as Record<string, unknown>)
      : request.body instanceof SpreadsheetUpload
        ? uploadChanges(request.body, answer)
        : request.method === 'DELETE' && !body
          ? Object.fromEntries(removed.map(([name, value]) => [name, [value, null]]))
          : changesOf(given, note.before, answer);
    const exporterId = typeof answer?.exporterId === 'string' ? answer.exporterId : undefined;
    const key = request.headers['idempotency-key'];
    return {
      actor: {
        userId: caller.userId,
        apiKeyId: caller.credential.kind === 'api-key' ? caller.credential.keyId : null,
        organizationId: caller.organizationId,
        role: caller.role,
      },
      action: route.action,
      entityType: route.entityType,
      entityId,
      organizationId:
        note.organizationId !== undefined
          ? note.organizationId
          : (exporterId ?? (caller.role === 'exporter' ? caller.organizationId : null)),
      changes,
      requestId: String(request.id),
      idempotencyKey: typeof key === 'string' ? key : null,
    };
  }
}

/** A plain object (a parsed JSON body), not an array, a Buffer or an instance of a class (an upload). */
function objectOf(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null ? (value as Record<string, unknown>) : undefined;
}

/** A handler's answer as an object: a plain one or a DTO's instance, not an array or bytes. */
function answerOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
