import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RouteConfig } from '@nestjs/platform-fastify';
import rateLimit, { type errorResponseBuilderContext } from '@fastify/rate-limit';
import { DomainError } from '@landbridge/common';
import type { FastifyRequest } from 'fastify';

/** At most this many sign-in attempts a minute for one client address and email. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/**
 * Rate limits per credential (the Authorization header's token or key, hashed) or, for anonymous
 * requests, per client address. They run as a pre-handler, after the body is parsed, so the token
 * endpoint can key on address + email (see `LoginRateLimit`). @fastify/rate-limit keeps the counters in
 * memory, per api process.
 */
export async function registerRateLimits(app: NestFastifyApplication, perMinute: number): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: 60_000,
    hook: 'preHandler',
    keyGenerator: credentialKey,
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

function credentialKey(request: FastifyRequest): string {
  const authorization = request.headers.authorization;
  if (!authorization) return `ip:${request.ip}`;
  return `credential:${createHash('sha256').update(authorization).digest('base64url')}`;
}

function tooManyRequests(_request: FastifyRequest, context: errorResponseBuilderContext): DomainError {
  const retryAfter = Math.max(1, Math.ceil(context.ttl / 1000));
  return new DomainError(
    429,
    'rate-limited',
    'Too Many Requests',
    `More than ${context.max} requests in a minute; retry in ${retryAfter} s`,
    undefined,
    { retryAfter },
  );
}
