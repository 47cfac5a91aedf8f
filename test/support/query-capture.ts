import pg from 'pg';

/** A node of PostgreSQL's JSON plan (EXPLAIN (FORMAT JSON)). */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** A plan node and all below it. */
export const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

export interface CapturedQuery {
  text: string;
  values: unknown[];
}

/**
 * Records the SQL the app sends through `pg` while `capturing` is on (from any client but `except`, the
 * test's own): wraps `pg.Client.prototype.query` until `restore()`.
 */
export function captureQueries(except: pg.Client) {
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
