/** A test client of GET /events/stream: collects the server-sent events it receives. */
export interface SseClient {
  events: { id: string; event: string; data: unknown }[];
  /** Resolves when at least `count` events have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** The complete server-sent events at the start of `text` (each its fields; comments left out), and the rest. */
export function sseFrames(text: string): { frames: Record<string, string>[]; rest: string } {
  const blocks = text.split('\n\n');
  const rest = blocks.pop()!;
  const frames = blocks.map(
    (block) =>
      Object.fromEntries(
        block
          .split('\n')
          .filter((line) => line && !line.startsWith(':'))
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()]),
      ) as Record<string, string>,
  );
  return { frames, rest };
}

export async function openStream(url: string, token: string, lastEventId?: string): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.body) {
    throw new Error(`stream answered ${response.status}: ${await response.text()}`);
  }
  const events: SseClient['events'] = [];
  let waiting: (() => void) | undefined;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        const { frames, rest } = sseFrames(buffer + decoder.decode(chunk, { stream: true }));
        buffer = rest;
        for (const fields of frames) {
          if (fields.id && fields.data) {
            events.push({ id: fields.id, event: fields.event ?? 'message', data: JSON.parse(fields.data) });
            waiting?.();
          }
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    events,
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`got ${events.length} of ${count} events in ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          if (events.length >= count) {
            clearTimeout(timer);
            waiting = undefined;
            resolve();
          }
        };
        waiting = check;
        check();
      }),
    close: () => controller.abort(),
  };
}
