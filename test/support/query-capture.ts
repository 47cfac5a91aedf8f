import pg from 'pg';
import { type Actor, createActor } from './actors.js';
import { startTestApp, type TestApp } from './test-app.js';

/** A node of PostgreSQL's JSON plan (EXPLAIN (FORMAT JSON)). */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** A plan node and all below it. */
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

export interface CapturedQuery {
  text: string;
  values: unknown[];
}

/**
 * Records the SQL the app sends through `pg` while `capturing` is on (from any client but `except`, the
 * test's own): wraps `pg.Client.prototype.query` until `restore()`.
 */
function captureQueries(except: pg.Client) {
  const captured: CapturedQuery[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be restored on the prototype, never called unbound
  const originalQuery = pg.Client.prototype.query;
  const original = originalQuery as (...args: unknown[]) => unknown;
  const capture = { captured, capturing: false, restore: () => (pg.Client.prototype.query = originalQuery) };
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]): unknown {
    if (capture.capturing && this !== except) {
      const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
      captured.push(
        typeof config === 'string'
          ? { text: config, values: values ?? [] }
          : { text: config.text, values: config.values ?? values ?? [] },
      );
    }
    return original.apply(this, args);
  } as typeof originalQuery;
  return capture;
}

/**
 * The app with an operator and an exporter, the test's own connection to its database (`db`: to fill
 * it and explain with, never captured), and the statements the app sends captured on demand.
 */
export interface PlanLab {
  api: TestApp;
  operator: Actor;
  exporter: Actor;
  db: pg.Client;
  /** The statements the app sent while `act` ran. */
  capturedDuring(act: () => PromiseLike<unknown>): Promise<CapturedQuery[]>;
  /** Every node of the plan PostgreSQL makes for `query` now; `analyze` runs it too (EXPLAIN ANALYZE). */
  planOf(query: CapturedQuery, options?: { analyze?: boolean }): Promise<PlanNode[]>;
  close(): Promise<void>;
}

export async function openPlanLab(): Promise<PlanLab> {
  const api = await startTestApp();
  const operator = await createActor(api, 'operator');
  const exporter = await createActor(api, 'exporter');
  const db = new pg.Client({ connectionString: api.database.url });
  await db.connect();
  const capture = captureQueries(db);
  return {
    api,
    operator,
    exporter,
    db,
    capturedDuring: async (act) => {
      capture.captured.length = 0;
      capture.capturing = true;
      try {
        await act();
      } finally {
        capture.capturing = false;
      }
      return [...capture.captured];
    },
    planOf: async (query, { analyze = false } = {}) => {
      const { rows } = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (${analyze ? 'ANALYZE, ' : ''}FORMAT JSON) ${query.text}`,
        query.values,
      );
      return nodesOf(rows[0]!['QUERY PLAN'][0].Plan);
    },
    close: async () => {
      capture.restore();
      await db.end();
      await api.close();
    },
  };
}

/**
 * For each query, the tables of `tables` its plan reads by a sequential scan, beside the start of its
 * text: compared with the same list of empty `seqScans`, a failure names the query at fault.
 */
export async function seqScansIn(
  lab: PlanLab,
  queries: readonly CapturedQuery[],
  tables: ReadonlySet<string>,
  options: { analyze?: boolean } = {},
): Promise<{ query: string; seqScans: string[] }[]> {
  const found: { query: string; seqScans: string[] }[] = [];
  for (const query of queries) {
    const nodes = await lab.planOf(query, options);
    found.push({
      query: query.text.replace(/\s+/g, ' ').slice(0, 160),
      seqScans: nodes
        .filter((node) => node['Node Type'] === 'Seq Scan' && tables.has(node['Relation Name'] ?? ''))
        .map((node) => node['Relation Name']!),
    });
  }
  return found;
}

/** The reads (SELECT or WITH, not locking) the app sent while `act` ran. */
export async function readsDuring(lab: PlanLab, act: () => PromiseLike<unknown>): Promise<CapturedQuery[]> {
  const captured = await lab.capturedDuring(act);
  return captured.filter((q) => /^\s*(SELECT|WITH)\b/i.test(q.text) && !/FOR UPDATE/i.test(q.text));
}
