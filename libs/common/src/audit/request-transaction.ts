import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * What a service tells the audit entry of its request, beyond what the route and the response say: the
 * object's state before an update, the exporter whose object it is, or that nothing changed (a dry run,
 * an event recorded before), in which case the request's transaction is rolled back and no entry written.
 */
export interface AuditNote {
  entityId?: string;
  organizationId?: string | null;
  before?: Record<string, unknown>;
  changes?: Record<string, unknown>;
  unchanged?: boolean;
}

/**
 * The one transaction of a write request, begun lazily: at the request's first `dataSource.transaction(...)`
 * or first statement on the pool that writes (isWrite). Reads before that run on the pool as any read does,
 * so that a request holds no connection while it does slow work that is not the database's (hashing a
 * password, calling a webhook) before it writes. Once begun, everything the request runs on the DataSource
 * (a `dataSource.transaction(...)`, a statement on the pool, a prepared read) runs in it, reads included
 * (they see what the request wrote), and the audit entry is written in it before it commits
 * (AuditInterceptor), so the change, its outbox rows and its audit entry commit together or not at all.
 */
export class RequestTransaction {
  readonly note: AuditNote = {};
  private runner: Promise<QueryRunner> | undefined;
  private readonly committed: (() => void)[] = [];
  /** Once committed or rolled back: what still runs in the request's async context (the response hooks) uses the pool. */
  private finished = false;

  constructor(private readonly dataSource: DataSource) {}

  /** The transaction's query runner, begun now if it was not yet. */
  begin(): Promise<QueryRunner> {
    return (this.runner ??= this.start());
  }

  get open(): boolean {
    return !this.finished;
  }

  /** Whether the transaction has begun: from then on, every statement of the request runs in it. */
  get begun(): boolean {
    return this.runner !== undefined;
  }

  /** Runs `hook` once the transaction commits (never if it rolls back). */
  afterCommit(hook: () => void): void {
    this.committed.push(hook);
  }

  async manager(): Promise<EntityManager> {
    return (await this.begin()).manager;
  }

  /** Commits (or rolls back) what the request did, if it did anything, and gives the connection back. */
  async finish(commit: boolean): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const started = this.runner;
    if (started) {
      const runner = await started;
      try {
        if (commit) await runner.commitTransaction();
        else if (runner.isTransactionActive) await runner.rollbackTransaction();
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        await runner.release();
      }
    }
    if (commit) for (const hook of this.committed.splice(0)) hook();
  }

  private async start(): Promise<QueryRunner> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
    } catch (error) {
      await runner.release();
      throw error;
    }
    return runner;
  }
}

const current = new AsyncLocalStorage<RequestTransaction>();

/** What must commit with a write request's change, given the handler's answer (see commitWith). */
export type CommitHook = (em: EntityManager, answer: unknown) => Promise<void>;
const COMMIT_HOOKS = Symbol('landbridge:commit-hooks');
type WithCommitHooks = { [COMMIT_HOOKS]?: CommitHook[] };

/**
 * Registers, on a write request (its Fastify request object), work that AuditInterceptor runs in the
 * request's transaction just before it commits a change, so that it commits with the change or not at
 * all. Nothing runs when the request changed nothing or failed (its transaction rolls back).
 */
export function commitWith(request: object, hook: CommitHook): void {
  ((request as WithCommitHooks)[COMMIT_HOOKS] ??= []).push(hook);
}

/** The hooks registered on `request` by commitWith, in order. */
export function commitHooksOf(request: object): readonly CommitHook[] {
  return (request as WithCommitHooks)[COMMIT_HOOKS] ?? [];
}

/** Runs `work` as a write request whose statements share `transaction`. */
export function inRequestTransaction<T>(transaction: RequestTransaction, work: () => T): T {
  return current.run(transaction, work);
}

/** The write request's transaction around the running code, while it is open. */
export function requestTransaction(): RequestTransaction | undefined {
  const transaction = current.getStore();
  return transaction?.open ? transaction : undefined;
}

/** Adds to the audit entry of the running write request (nothing outside one). */
export function noteAudit(note: AuditNote): void {
  const transaction = requestTransaction();
  if (transaction) Object.assign(transaction.note, note);
}

/**
 * Runs `hook` once the running write request's transaction commits (never if it rolls back); outside a
 * write request, at once. For what must not happen before a change is visible to others (forgetting a
 * cached user state, which another request would otherwise read again from the old row).
 */
export function afterCommit(hook: () => void): void {
  const transaction = requestTransaction();
  if (transaction) transaction.afterCommit(hook);
  else hook();
}

/**
 * Whether a statement may change something, and so must run in the request's transaction: anything but
 * a plain SELECT (one without FOR UPDATE / FOR SHARE / FOR NO KEY UPDATE / FOR KEY SHARE) or a WITH whose
 * parts are all plain SELECTs (a WITH naming INSERT, UPDATE, DELETE or MERGE anywhere is taken for a
 * write). The text alone cannot tell a SELECT of a function with effects (pg_advisory_xact_lock, pg_notify)
 * from a read: such statements run on a transaction's manager (`em`), never on the pool.
 */
export function isWrite(text: string): boolean {
  const statement = text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').trim();
  const keyword = /^\(*\s*(\w+)/.exec(statement)?.[1]?.toUpperCase();
  if (keyword !== 'SELECT' && keyword !== 'WITH') return true;
  if (/\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE|KEY\s+SHARE)\b/i.test(statement)) return true;
  if (/\bINTO\b/i.test(statement) && keyword === 'SELECT') return true;
  return keyword === 'WITH' && /\b(INSERT|UPDATE|DELETE|MERGE)\b/i.test(statement);
}

/**
 * Runs `work` apart from the running write request's transaction, on the pool: for bookkeeping that must
 * outlast the request's failure (a wrong current password counted against the account's sign-in limit).
 */
export function apartFromRequest<T>(work: () => T): T {
  return current.exit(work);
}

type TransactionWork<T> = (em: EntityManager) => Promise<T>;

/**
 * Makes a DataSource run the statements of a write request in the request's transaction: its
 * `transaction(work)` runs `work` in it (joining it, not nesting: a failure fails the request), beginning
 * it if it was not yet, and its `query` on the pool runs there once it has begun or when the statement
 * writes. Outside a write request it behaves as before. An isolation level cannot be given to a shared
 * transaction (it began with the default one, READ COMMITTED): asking for one there is an error, not ignored.
 */
export function shareRequestTransactions(dataSource: DataSource): DataSource {
  const ownTransaction = dataSource.transaction.bind(dataSource) as (...args: unknown[]) => Promise<unknown>;
  const ownQuery = dataSource.query.bind(dataSource);
  Object.assign(dataSource, {
    transaction: async (...args: unknown[]): Promise<unknown> => {
      const shared = requestTransaction();
      if (!shared) return ownTransaction(...args);
      if (args.length > 1) {
        throw new Error(
          `dataSource.transaction(${String(args[0])}, ...) in a write request: the request's transaction is shared ` +
            'and has its own isolation level; run this work with apartFromRequest(...) or without an isolation level',
        );
      }
      const work = args[args.length - 1] as TransactionWork<unknown>;
      return work(await shared.manager());
    },
    query: async (text: string, parameters?: unknown[], runner?: QueryRunner): Promise<unknown> => {
      const shared = runner ? undefined : requestTransaction();
      if (!shared || (!shared.begun && !isWrite(text))) return ownQuery(text, parameters, runner);
      return (await shared.begin()).query(text, parameters);
    },
  });
  return dataSource;
}
