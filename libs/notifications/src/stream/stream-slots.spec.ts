import { StreamSlots, StreamsUnavailableError, TooManyStreamsError } from './stream-slots.js';

describe('stream slots', () => {
  it('refuses a principal over its limit (429, Retry-After) and takes one back when a stream closes', () => {
    const slots = new StreamSlots(2, 100);
    const first = slots.take('user:a');
    slots.take('user:a');
    const refusal = (() => {
      try {
        slots.take('user:a');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(TooManyStreamsError);
    expect(refusal).toEqual(expect.objectContaining({ status: 429, extensions: { retryAfter: 5 } }));
    expect(() => slots.take('user:b')).not.toThrow();

    first();
    first(); // a second release gives back nothing more
    expect(() => slots.take('user:a')).not.toThrow();
    expect(() => slots.take('user:a')).toThrow(TooManyStreamsError);
    expect(slots.open).toBe(3);
  });

  it('refuses any principal when the process is full (503, Retry-After)', () => {
    const slots = new StreamSlots(5, 2);
    slots.take('user:a');
    const release = slots.take('key:k');
    expect(() => slots.take('user:c')).toThrow(StreamsUnavailableError);
    expect(() => slots.take('user:c')).toThrow(expect.objectContaining({ status: 503 }) as Error);
    release();
    expect(() => slots.take('user:c')).not.toThrow();
  });
});
