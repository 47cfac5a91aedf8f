import type { Principal } from './api-client.js';
import type { StatusEvent, UpdateEvent } from './api-types.js';
import { feedSettled } from './feed-settled.js';
import type { TestApp } from './test-app.js';

/**
 * Every update event `who` may see after `after` (from the start without), of every type, page by page.
 * Waits first until every committed event is readable (see feedSettled), unless `settle` is false.
 */
export async function updateFeed(
  api: TestApp,
  who: Principal,
  { after, settle = true }: { after?: string; settle?: boolean } = {},
): Promise<UpdateEvent[]> {
  if (settle) await feedSettled(api.database.url);
  const items: UpdateEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await api.as(who).events({ limit: 200, after: cursor });
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
}

/** The status changes among the update events `who` may see after `after` (see updateFeed). */
export async function statusFeed(
  api: TestApp,
  who: Principal,
  options: { after?: string; settle?: boolean } = {},
): Promise<StatusEvent[]> {
  return (await updateFeed(api, who, options)).filter(
    (event): event is StatusEvent => event.type === 'consignment.status_changed',
  );
}
