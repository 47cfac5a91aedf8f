import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RouteConfig } from '@nestjs/platform-fastify';
import rateLimit, { type errorResponseBuilderContext } from '@fastify/rate-limit';
import { principalOf, RateLimitedError } from '@landbridge/common';
import type { FastifyRequest } from 'fastify';
import { CredentialsService } from './credentials.service.js';

/** At most this many sign-in attempts a minute for one client address and email. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/**
 * Rate limits per principal: the user or API key that the request authenticates as (so no spelling of
 * the Authorization header buys a fresh allowance), or for anonymous requests and bad credentials the
 * client address (`request.ip`, which names a forwarded address only from proxies TRUST_PROXY trusts).
 * They run as a pre-handler, after the body is parsed, so the token endpoint can key on address + email
 * (see `LoginRateLimit`). @fastify/rate-limit keeps the counters in memory, per api process.
 */
export async function registerRateLimits(app: NestFastifyApplication, perMinute: number): Promise<void> {
  const credentials = app.get(CredentialsService);
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: 60_000,
    hook: 'preHandler',
    keyGenerator: (request) => principalKey(credentials, request),
    errorResponseBuilder: tooManyRequests,
  });
}

/** The stricter limit of the token endpoint, keyed by client address and the email tried. */
export const LoginRateLimit = (): MethodDecorator =>
  RouteConfig({
    rateLimit: {
      max: LOGIN_ATTEMPTS_PER_MINUTE,
      timeWindow: 60_000,
      keyGenerator: (request: FastifyRequest) => {
        const body = request.body as { email?: unknown } | undefined;
        const email = typeof body?.email === 'string' ? body.email.toLowerCase() : '';
        return `login:${request.ip}:${email}`;
      },
    },
  });

async function principalKey(credentials: CredentialsService, request: FastifyRequest): Promise<string> {
  if (request.headers.authorization === undefined) return `ip:${request.ip}`;
  try {
    return principalOf(await credentials.forRequest(request));
  } catch {
    return `ip:${request.ip}`; // the access guard answers the same failure (401) for the route
  }
}

function tooManyRequests(_request: FastifyRequest, context: errorResponseBuilderContext): RateLimitedError {
  const retryAfter = Math.max(1, Math.ceil(context.ttl / 1000));
  return new RateLimitedError(`More than ${context.max} requests in a minute; retry in ${retryAfter} s`, retryAfter);
}
