/**
 * Retries `check` until it holds, for at most `ms` (two seconds by default): for what another process
 * learns a moment later, such as a change it hears of through PostgreSQL's LISTEN/NOTIFY.
 */
export async function eventually(check: () => Promise<boolean>, ms = 2_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`did not happen within ${ms} ms`);
    await new Promise((done) => setTimeout(done, 20));
  }
}
