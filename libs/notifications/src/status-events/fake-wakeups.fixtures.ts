// Shared by the relay-loop and stream-hub specs (not compiled into dist: *.fixtures.ts is left out of the build).

/** StatusEventsListener's part its readers use: `commit()` wakes every subscriber, as a commit of status events would. */
export class FakeWakeups {
  readonly wakers = new Set<() => void>();

  subscribe(wake: () => void): () => void {
    this.wakers.add(wake);
    return () => this.wakers.delete(wake);
  }

  commit(): void {
    for (const wake of this.wakers) wake();
  }
}
