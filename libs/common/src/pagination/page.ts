/** A page of a keyset-paginated list, as every collection endpoint answers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only tells that there is more.
 */
export function toPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorOf: (row: Row) => string,
): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(toItem),
    nextCursor: hasMore ? cursorOf(pageRows[pageRows.length - 1]!) : null,
  };
}

/**
 * The JSON text of a page whose items are JSON documents already (built by PostgreSQL), from `limit + 1`
 * fetched rows as `toPage`: the items are joined as they are, never parsed.
 */
export function toJsonPage<Row extends { json: string }>(
  rows: readonly Row[],
  limit: number,
  cursorOf: (row: Row) => string,
): string {
  const page = toPage(rows, limit, (row) => row.json, cursorOf);
  return `{"items":[${page.items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
}
