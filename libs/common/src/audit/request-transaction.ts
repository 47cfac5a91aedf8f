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
 * The one transaction of a write request, begun on its first statement. Everything the request runs on
 * the DataSource (a `dataSource.transaction(...)` of a service, a statement on the pool, a prepared read)
 * runs in it, and the audit entry is written in it before it commits (AuditInterceptor), so the change,
 * its outbox rows and its audit entry commit together or not at all.
 */
export class RequestTransaction {
  readonly note: AuditNote = {};
  private runner: Promise<QueryRunner> | undefined;
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

  async manager(): Promise<EntityManager> {
    return (await this.begin()).manager;
  }

  /** Commits (or rolls back) what the request did, if it did anything, and gives the connection back. */
  async finish(commit: boolean): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const started = this.runner;
    if (!started) return;
    const runner = await started;
    try {
      if (commit) await runner.commitTransaction();
      else if (runner.isTransactionActive) await runner.rollbackTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
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
 * Runs `work` apart from the running write request's transaction, on the pool: for bookkeeping that must
 * outlast the request's failure (a wrong current password counted against the account's sign-in limit).
 */
export function apartFromRequest<T>(work: () => T): T {
  return current.exit(work);
}

type TransactionWork<T> = (em: EntityManager) => Promise<T>;

/**
 * Makes a DataSource run the statements of a write request in the request's transaction: its
 * `transaction(work)` runs `work` in it (joining it, not nesting: a failure fails the request) and its
 * `query` on the pool runs there. Outside a write request it behaves as before.
 */
export function shareRequestTransactions(dataSource: DataSource): DataSource {
  const ownTransaction = dataSource.transaction.bind(dataSource) as (...args: unknown[]) => Promise<unknown>;
  const ownQuery = dataSource.query.bind(dataSource);
  Object.assign(dataSource, {
    transaction: async (...args: unknown[]): Promise<unknown> => {
      const shared = requestTransaction();
      if (!shared) return ownTransaction(...args);
      const work = args[args.length - 1] as TransactionWork<unknown>;
      return work(await shared.manager());
    },
    query: async (text: string, parameters?: unknown[], runner?: QueryRunner): Promise<unknown> => {
      const shared = runner ? undefined : requestTransaction();
      if (!shared) return ownQuery(text, parameters, runner);
      return (await shared.begin()).query(text, parameters);
    },
  });
  return dataSource;
}
