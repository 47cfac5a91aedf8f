/** How many failed lookups one address may make in a window before every lookup from it answers 429. */
export const FAILED_LOOKUPS_PER_WINDOW = 100;
const FAILED_LOOKUP_WINDOW_MS = 60_000;
/** Addresses remembered at most; beyond, the oldest windows are forgotten first. */
const MAX_ADDRESSES = 50_000;

interface Window {
  startedAt: number;
  failures: number;
}

/**
 * Counts the failed share-link lookups (unknown, revoked or expired tokens) of each client address in
 * fixed windows, in memory per api process: an address that failed 100 times in a minute is refused until
 * its window ends, so tokens cannot be guessed in bulk while a consignee's page polling its one good link
 * never counts against it.
 */
export class FailedLookups {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit = FAILED_LOOKUPS_PER_WINDOW,
    private readonly windowMs = FAILED_LOOKUP_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the address may look up again, or undefined when it may now. */
  retryAfter(address: string): number | undefined {
    const window = this.current(address);
    if (!window || window.failures < this.limit) return undefined;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - this.now()) / 1000));
  }

  record(address: string): void {
    const window = this.current(address);
    if (window) {
      window.failures += 1;
      return;
    }
    if (this.windows.size >= MAX_ADDRESSES) this.forgetOldest();
    this.windows.set(address, { startedAt: this.now(), failures: 1 });
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (window && this.now() - window.startedAt >= this.windowMs) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  private forgetOldest(): void {
    const oldest = this.windows.keys().next();
    if (!oldest.done) this.windows.delete(oldest.value);
  }
}
