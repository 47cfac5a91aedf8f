import type { Principal } from './api-client.js';
import type { StatusEvent } from './api-types.js';
import { feedSettled } from './feed-settled.js';
import type { TestApp } from './test-app.js';

/**
 * Every status event `who` may see after `after` (from the start without), page by page. Waits first
 * until every committed event is readable (see feedSettled), unless `settle` is false.
 */
export async function statusFeed(
  api: TestApp,
  who: Principal,
  { after, settle = true }: { after?: string; settle?: boolean } = {},
): Promise<StatusEvent[]> {
  if (settle) await feedSettled(api.database.url);
  const items: StatusEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await api.as(who).events({ limit: 200, after: cursor });
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
}
