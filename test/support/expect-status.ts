const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Asserts that an answer of `actual` status with body `text` has `status`; on any other status the
 * assertion shows the request (`label`) and the body, so a failing test says why (the problem details)
 * instead of only the number.
 */
export function expectStatusOf(actual: number, text: string, status: number, label = ''): void {
  const prefix = label ? `${label} → ` : '';
  expect(`${prefix}${actual} ${text.slice(0, 400)}`).toMatch(new RegExp(`^${escaped(prefix)}${status} `));
}

/** The JSON body of a response that must have `status` (undefined when it has none). */
export async function bodyWithStatus<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expectStatusOf(response.status, text, status);
  return (text ? JSON.parse(text) : undefined) as T;
}
