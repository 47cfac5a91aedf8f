import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import { from, type Observable, switchMap } from 'rxjs';
import { CALLER, type Caller, principalIdOf } from '../access/caller.js';
import { commitWith } from '../audit/request-transaction.js';
import { ApiProblems } from '../http/api-problems.js';
import { ConflictError, InvalidInputError } from '../problems/domain-error.js';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemType } from '../problems/problem-details.js';
import { IdempotencyStore } from './idempotency.store.js';
import { ReplayedResponse } from './replayed-response.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];
const IDEMPOTENCY = Symbol('landbridge:idempotency');
const SHOWS_SECRET_ONCE = 'landbridge:shows-secret-once';

/**
 * Marks a create whose response carries a secret shown once (an API key, a webhook signing secret). A
 * replay of it does not send the response again, which would mean keeping the secret: it answers 409
 * naming what the first request created, and the stored response holds only that answer. The OpenAPI
 * document says so, with that answer as the example.
 */
export const ShowsSecretOnce = (): MethodDecorator => {
  const { type, detail, createdId } = secretShownOnce(JSON.stringify({ id: '0b7e4c2a-9d1f-4a36-8e5b-3c2d1f0a9b87' }));
  return applyDecorators(
    SetMetadata(SHOWS_SECRET_ONCE, true),
    ApiProblems({
      409: {
        description:
          'A replay of this Idempotency-Key: what it created is named (`createdId`), but its secret was shown once ' +
          'and is not sent again',
        slug: type.split('/').pop(),
        detail,
        extensions: { createdId },
      },
    }),
  );
};

interface Claim {
  callerId: string;
  key: string;
  showsSecretOnce: boolean;
}
type RequestWithClaim = FastifyRequest & { [IDEMPOTENCY]?: Claim; [CALLER]?: Caller };

/**
 * `Idempotency-Key` on every authenticated write: the first request with a key runs, a repeat with the
 * same body gets the stored response again (`Idempotent-Replayed: true`), a different body 422, a repeat
 * while the first still runs 409. Keys are scoped to the calling user. The response is stored by an
 * onSend hook (`instrument`) before it leaves, so a client that retries never runs the write twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RequestWithClaim>();
    const key = request.headers['idempotency-key'];
    const caller = request[CALLER];
    if (!WRITE_METHODS.has(request.method) || key === undefined || !caller) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new InvalidInputError('Invalid Idempotency-Key', [
        { field: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' },
      ]);
    }
    const hash = IdempotencyStore.fingerprint(request.method, request.url, request.body);
    // Keys belong to the principal: an API key does not share its creator's keys (nor replay their answers).
    const callerId = principalIdOf(caller);
    const showsSecretOnce = Reflect.getMetadata(SHOWS_SECRET_ONCE, context.getHandler()) === true;
    return from(this.store.claim(callerId, key, hash)).pipe(
      switchMap((result) => {
        switch (result.kind) {
          case 'claimed': {
            const claim = { callerId, key, showsSecretOnce };
            request[IDEMPOTENCY] = claim;
            // The answer commits with the write it answers: should the process die, or its connection be cut,
            // after the commit but before onSend stores the answer as sent, a retry still replays it.
            const reply = context.switchToHttp().getResponse<FastifyReply>();
            commitWith(request, (em, answer) => this.storeAnswer(claim, reply, serialized(answer), em));
            return next.handle();
          }
          case 'replay':
            // Not an error: thrown so the filter sends the stored response without running the handler.
            // eslint-disable-next-line @typescript-eslint/only-throw-error
            throw new ReplayedResponse(result.status, result.headers, result.body);
          case 'mismatch':
            throw new InvalidInputError('This Idempotency-Key was used with a different request', [
              { field: 'Idempotency-Key', message: 'was already used with another body or path' },
            ]);
          case 'in-flight':
            throw new ConflictError('A request with this Idempotency-Key is still being processed; retry shortly');
        }
      }),
    );
  }

  /** Stores each response of a claimed request as it is sent (and releases the key on a server error). */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onSend', async (request: RequestWithClaim, reply, payload) => {
      const claim = request[IDEMPOTENCY];
      if (!claim) return payload;
      request[IDEMPOTENCY] = undefined;
      if (reply.statusCode >= 500) {
        await this.store.release(claim.callerId, claim.key);
        return payload;
      }
      const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
      await this.storeAnswer(claim, reply, body);
      return payload;
    });
  }

  /**
   * Stores the answer to replay: the one sent (onSend), or, in the write's transaction (`em`), the
   * handler's answer as it will be sent, which onSend then replaces by the bytes sent.
   */
  private async storeAnswer(claim: Claim, reply: FastifyReply, body: string, em?: EntityManager): Promise<void> {
    if (claim.showsSecretOnce && reply.statusCode < 300) {
      const problem = secretShownOnce(body);
      await this.store.complete(
        claim.callerId,
        claim.key,
        problem.status,
        { 'content-type': PROBLEM_CONTENT_TYPE },
        JSON.stringify(problem),
        em,
      );
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    // Before it is sent a JSON answer has no content type yet: Fastify gives it this one.
    if (em && !headers['content-type'] && body) headers['content-type'] = 'application/json; charset=utf-8';
    await this.store.complete(claim.callerId, claim.key, reply.statusCode, headers, body, em);
  }
}

/** A handler's answer as Fastify sends it: text and bytes as they are, anything else as JSON. */
function serialized(answer: unknown): string {
  if (answer === undefined || answer === null) return '';
  if (typeof answer === 'string') return answer;
  if (Buffer.isBuffer(answer)) return answer.toString('utf8');
  return JSON.stringify(answer);
}

/** What a replay of a secret-bearing create answers in place of the first response (see ShowsSecretOnce). */
function secretShownOnce(firstResponse: string): ProblemDetails {
  let id: unknown;
  try {
    id = (JSON.parse(firstResponse) as { id?: unknown }).id;
  } catch {
    id = undefined;
  }
  const created = typeof id === 'string' ? id : undefined;
  return {
    type: problemType('secret-shown-once'),
    title: 'Conflict',
    status: 409,
    detail:
      `This request was already carried out${created ? ` and created ${created}` : ''}; its secret was shown ` +
      'once, in that response, and is not kept. If the response was lost, delete what it created and create another.',
    ...(created ? { createdId: created } : {}),
  };
}
