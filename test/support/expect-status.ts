/**
 * The body of a response that must have `status`; on any other status the assertion shows the body,
 * so a failing test says why (the problem details) instead of only the number.
 */
export async function bodyWithStatus<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(`${response.status} ${text.slice(0, 400)}`).toMatch(new RegExp(`^${status} `));
  return (text ? JSON.parse(text) : undefined) as T;
}
