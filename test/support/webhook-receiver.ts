import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  webhookId: string;
  body: { id: string; type: string; occurredAt: string; data: Record<string, unknown> };
  raw: string;
}

export interface WebhookReceiver {
  url: string;
  /** Verified deliveries that were answered 2xx, in arrival order. */
  accepted: Received[];
  /** Every request, verified or not, with the status it was answered. */
  requests: { webhookId: string | undefined; status: number }[];
  setSecret(secret: string): void;
  /** Answers each request with the status this returns (200 by default), after `delayMs`. */
  respond(answer: (request: { webhookId: string; attempt: number }) => number, delayMs?: number): void;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A receiver as an integrator would write it: verifies every request with the standardwebhooks library. */
export async function startReceiver(): Promise<WebhookReceiver> {
  let verifier: Webhook | undefined;
  let answer: (request: { webhookId: string; attempt: number }) => number = () => 200;
  let delay = 0;
  const accepted: Received[] = [];
  const requests: WebhookReceiver['requests'] = [];
  const attempts = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const webhookId = request.headers['webhook-id'] as string | undefined;
      let status: number;
      try {
        verifier!.verify(raw, request.headers as IncomingHttpHeaders & Record<string, string>);
        const attempt = (attempts.get(webhookId!) ?? 0) + 1;
        attempts.set(webhookId!, attempt);
        status = answer({ webhookId: webhookId!, attempt });
        if (status < 300) accepted.push({ webhookId: webhookId!, body: JSON.parse(raw) as Received['body'], raw });
      } catch {
        status = 401;
      }
      requests.push({ webhookId, status });
      setTimeout(() => response.writeHead(status).end(), delay);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    accepted,
    requests,
    setSecret: (secret) => (verifier = new Webhook(secret)),
    respond: (next, delayMs = 0) => {
      answer = next;
      delay = delayMs;
    },
    waitFor: (predicate, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (predicate()) return resolve();
          if (Date.now() - started > timeoutMs) return reject(new Error('the receiver waited in vain'));
          setTimeout(check, 50);
        };
        check();
      }),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
