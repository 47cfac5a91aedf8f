import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { isForbiddenAddress, type TargetPolicy } from './webhook-target.js';

const REFUSED = 'refused: the target is not allowed (its host must resolve only to public addresses)';

const WEBHOOK_TIMEOUT_MS = 10_000;

/** What is sent: an update event of the feed, or a `webhook.test` event. */
export interface OutgoingEvent {
  id: string;
  type: string;
  occurredAt: string;
  data: object;
}

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * One delivery attempt per the Standard Webhooks specification (`webhook-id` = the event id, the same
 * on every retry; `webhook-timestamp`; `webhook-signature`, signed by the `standardwebhooks` library).
 * The address connected to is checked again (DNS may have changed since the URL was accepted),
 * redirects are not followed, and the attempt gives up after 10 s.
 */
export async function sendWebhook(
  target: { url: string; secret: string },
  event: OutgoingEvent,
  policy: TargetPolicy,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Promise<SendResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): SendResult => ({
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  const url = new URL(target.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isForbiddenAddress(host, policy)) return done(null, REFUSED);
  const body = JSON.stringify(event);
  const sentAt = new Date();
  const signature = new Webhook(target.secret).sign(event.id, sentAt, body);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'Landbridge-Webhooks/1',
          'webhook-id': event.id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        lookup: guardedLookup(policy),
        signal: AbortSignal.timeout(timeoutMs),
        agent: false,
      },
      (response) => {
        response.resume(); // the body is not needed; drain it so the socket closes
        response.on('end', () => resolve(done(response.statusCode ?? null, null)));
        response.on('error', (error) => resolve(done(response.statusCode ?? null, error.message)));
      },
    );
    request.on('error', (error) =>
      resolve(done(null, error.name === 'AbortError' ? `no answer within ${timeoutMs / 1000} s` : error.message)),
    );
    request.end(body);
  });
}

/** DNS lookup that refuses forbidden addresses (all of them are checked when several are returned). */
function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (addresses.some(({ address }) => isForbiddenAddress(address, policy))) {
        return callback(new Error(REFUSED), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      return callback(null, first!.address, first!.family);
    });
  };
}
