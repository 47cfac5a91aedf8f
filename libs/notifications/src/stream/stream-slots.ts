import { RateLimitedError, UnavailableError } from '@landbridge/common';

/** Seconds a refused client is told to wait (Retry-After) before opening a stream again. */
const STREAM_RETRY_AFTER_SECONDS = 5;

/** 429: the principal already has as many open streams as it may. */
export class TooManyStreamsError extends RateLimitedError {
  constructor(readonly limit: number) {
    super(
      `At most ${limit} open event streams per caller; close one before opening another`,
      STREAM_RETRY_AFTER_SECONDS,
    );
  }
}

/** 503: this api process serves as many streams as it may (or is shutting down). */
export class StreamsUnavailableError extends UnavailableError {
  constructor(detail: string) {
    super(detail, STREAM_RETRY_AFTER_SECONDS);
  }
}

/**
 * Counts the open streams of each principal (principalOf: the API key when the caller used one, else the
 * user) and of the process, refusing one over either limit.
 */
export class StreamSlots {
  private readonly perPrincipal = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly principalLimit: number,
    private readonly processLimit: number,
  ) {}

  get open(): number {
    return this.total;
  }

  /**
   * Takes a slot for `principal`, synchronously so that concurrent requests cannot both take the last
   * one; the returned function gives it back (calling it again does nothing). Throws 429 or 503.
   */
  take(principal: string): () => void {
    const held = this.perPrincipal.get(principal) ?? 0;
    if (held >= this.principalLimit) throw new TooManyStreamsError(this.principalLimit);
    if (this.total >= this.processLimit) {
      throw new StreamsUnavailableError('This server has no room for another event stream; retry shortly');
    }
    this.perPrincipal.set(principal, held + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perPrincipal.get(principal) ?? 1) - 1;
      if (left > 0) this.perPrincipal.set(principal, left);
      else this.perPrincipal.delete(principal);
    };
  }
}
