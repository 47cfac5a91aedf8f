import pg from 'pg';
import { currentDatabaseScope, type DatabaseScope, scopeKey, scopeSettings } from './database-scope.js';
import type { ConnectionSettings } from './database-settings.js';

/** What pg's Query and Connection do that its type definitions leave out. */
interface WireConnection {
  stream: { cork?: () => void; uncork?: () => void };
  parsedStatements: Record<string, string>;
  parse(message: { text: string; name?: string; types?: unknown[] }): void;
  bind(message: { portal?: string; statement?: string; values: unknown[] }): void;
  execute(message: { portal?: string; rows?: number }): void;
  on(event: 'readyForQuery', listener: (message: { status: string }) => void): void;
}

interface QueryInternals {
  text?: string;
  name?: string;
  values?: unknown[];
  callback?: (error: Error | null, result?: unknown) => void;
  requiresPreparation(): boolean;
  hasBeenParsed(connection: WireConnection): boolean;
  submit(connection: WireConnection): Error | null;
  handleRowDescription(message: unknown): void;
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, connection: WireConnection): void;
  handleError(error: Error, connection: WireConnection): void;
}

const BaseQuery = pg.Query as unknown as new (config: unknown, values?: unknown, callback?: unknown) => QueryInternals;

/** The scope's settings as one statement: `set_config(name, value, true)` lasts to the end of the transaction. */
const SET_SCOPE = `SELECT ${[1, 3, 5, 7].map((n) => `set_config($${n}, $${n + 1}, true)`).join(', ')}`;
/** Its name where named prepared statements are on: parsed once per connection, then only bound. */
const SET_SCOPE_NAME = 'lb_set_scope';

/**
 * A statement sent together with the settings of its scope, in one round trip and one transaction: in the
 * extended protocol, Parse/Bind/Execute of SET_SCOPE and then of the statement before the single Sync (the
 * messages up to a Sync are one implicit transaction, or run inside the open one); in the simple protocol
 * (a statement without parameters), the two as one multi-statement query. The first statement's answer
 * (its row and command tag) is passed over, so the caller sees only the statement's. The scope statement
 * is a named prepared statement (parsed once per connection) unless named statements are off (PgBouncer).
 */
class ScopedQuery extends BaseQuery {
  /** Until the scope's statement has completed, its messages are not the caller's. */
  passingOver = true;
  /** Whether the next ParseComplete is the scope statement's (pg would take it for the statement's own). */
  scopeParsePending = false;

  constructor(
    private readonly settings: readonly [string, string][],
    /** The scope statement as a named prepared statement (DATABASE_PREPARED_STATEMENTS), else unnamed. */
    readonly preparedScope: boolean,
    config: unknown,
    values: unknown,
    callback: unknown,
  ) {
    super(config, values, callback);
  }

  override submit(connection: WireConnection): Error | null {
    if (!this.requiresPreparation()) {
      const literal = (value: string) => pg.escapeLiteral(value);
      const set = this.settings.map(([name, value]) => `set_config(${literal(name)}, ${literal(value)}, true)`);
      this.text = `SELECT ${set.join(', ')}; ${this.text ?? ''}`;
      return super.submit(connection);
    }
    if (typeof this.text !== 'string' && typeof this.name !== 'string') return super.submit(connection);
    connection.stream.cork?.();
    try {
      const name = this.preparedScope ? SET_SCOPE_NAME : '';
      if (!name || connection.parsedStatements[name] === undefined) {
        connection.parse({ text: SET_SCOPE, name, types: [] });
        this.scopeParsePending = true;
      }
      connection.bind({ portal: '', statement: name, values: this.settings.flat() });
      connection.execute({ portal: '', rows: 0 });
      return super.submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  }

  override handleRowDescription(message: unknown): void {
    if (!this.passingOver) super.handleRowDescription(message);
  }

  override handleDataRow(message: unknown): void {
    if (!this.passingOver) super.handleDataRow(message);
  }

  override handleCommandComplete(message: unknown, connection: WireConnection): void {
    if (this.passingOver) this.passingOver = false;
    else super.handleCommandComplete(message, connection);
  }
}

/**
 * The pool's connection (pg's `Client`, given to the pool as `extra.Client`): every statement it sends runs
 * with the database scope of the code that sent it (database-scope.ts), set with `set_config(..., true)`
 * and pipelined with the statement, so setting it costs no round trip. Inside an open transaction the
 * scope is set once, with its first statement, and again only if the scope changes. Transaction control
 * (BEGIN, COMMIT, ...) goes as it is: SET TRANSACTION must come before any query. Because the settings are
 * local to the transaction, a connection keeps no tenant's state between transactions, which is what a
 * transaction-mode PgBouncer needs.
 */
export class ScopedClient extends pg.Client {
  /** The transaction status of the last ReadyForQuery: I(dle), T(ransaction) or E(rror, failed transaction). */
  private transactionStatus = 'I';
  private get wire(): WireConnection {
    return (this as unknown as { connection: WireConnection }).connection;
  }
  /** The scope set in the open transaction. */
  private scopeInTransaction: string | undefined;
  /** Named prepared statements on (the pool passes its options, ConnectionSettings among them). */
  private readonly preparedScope: boolean;

  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.preparedScope =
      (config as Partial<ConnectionSettings> | undefined)?.landbridgePreparedStatements !== false &&
      typeof config === 'object';
    this.wire.on('readyForQuery', ({ status }) => {
      this.transactionStatus = status;
      if (status === 'I') this.scopeInTransaction = undefined;
    });
  }

  override query(...args: unknown[]): never {
    const [config, values, callback] = args;
    const scope = currentDatabaseScope();
    const unscoped = () => (super.query as (...a: unknown[]) => never)(...args);
    if (!scope || config === null || (typeof config !== 'object' && typeof config !== 'string')) return unscoped();
    if (typeof (config as { submit?: unknown }).submit === 'function') return unscoped();
    const text = typeof config === 'string' ? config : ((config as { text?: string }).text ?? '');
    if (TRANSACTION_CONTROL.test(text)) {
      // A rolled-back savepoint takes the settings made after it: set the scope again on the next statement.
      if (/^\s*(ROLLBACK\s+TO|RELEASE)\b/i.test(text)) this.scopeInTransaction = undefined;
      return unscoped();
    }
    // A failed transaction runs nothing until ROLLBACK; in an open one, the scope may be set already.
    if (this.transactionStatus === 'E') return unscoped();
    const key = scopeKey(scope);
    if (this.transactionStatus === 'T') {
      if (this.scopeInTransaction === key) return unscoped();
      this.scopeInTransaction = key;
    }
    return this.sendScoped(scope, config, typeof values === 'function' ? undefined : values, callback ?? values);
  }

  private sendScoped(scope: DatabaseScope, config: unknown, values: unknown, callback: unknown): never {
    const query = new ScopedQuery(
      scopeSettings(scope),
      this.preparedScope,
      config,
      values,
      typeof callback === 'function' ? callback : undefined,
    );
    let result: Promise<unknown> | undefined;
    if (!query.callback) {
      result = new Promise((resolve, reject) => {
        query.callback = (error, rows) => (error ? reject(error) : resolve(rows));
      });
    }
    (super.query as (submittable: unknown) => unknown)(query);
    return result as never;
  }

  /**
   * The scope statement's ParseComplete is not the statement's: pg would mark a named statement parsed on it
   * (pg's own handler, which this one overrides: pg binds it by name when it connects).
   */
  _handleParseComplete(): void {
    const active = (this as unknown as { _getActiveQuery(): unknown })._getActiveQuery();
    if (active instanceof ScopedQuery && active.scopeParsePending) {
      active.scopeParsePending = false;
      if (active.preparedScope) this.wire.parsedStatements[SET_SCOPE_NAME] = SET_SCOPE;
      return;
    }
    (pg.Client.prototype as unknown as { _handleParseComplete(this: unknown): void })._handleParseComplete.call(this);
  }
}

const TRANSACTION_CONTROL =
  /^\s*(BEGIN|START\s+TRANSACTION|SET\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE\s+TRANSACTION)\b/i;
