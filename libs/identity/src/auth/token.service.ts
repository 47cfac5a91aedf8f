import { randomBytes, webcrypto } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type AppConfig, type Role, UnauthenticatedError } from '@landbridge/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { TokenSigningSecretsRepository } from './token-signing-secrets.repository.js';

const ALGORITHM = 'HS256';
const ISSUER = 'landbridge';
const AUDIENCE = 'landbridge-api';

export interface TokenClaims {
  userId: string;
  role: Role;
  organizationId: string;
  /** The user's token generation when the token was issued: a token of an earlier one is no longer valid. */
  generation: number;
}

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/**
 * Short-lived signed access tokens (JWT, HS256 pinned; issuer, audience and expiry checked). The key is
 * TOKEN_SECRET, or else a random secret generated once and kept in the database so that every api
 * process of one deployment accepts the others' tokens. A valid signature says who the token was issued
 * to; whether that user may still use it (not disabled, same token generation) CredentialsService checks.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  /** Imported once: handing jose raw bytes would import a new webcrypto.CryptoKey on every verification. */
  private key!: webcrypto.CryptoKey;
  private readonly ttlSeconds: number;
  /**
   * Tokens already verified, until they expire: a client sends the same token for many requests, and an
   * HMAC through WebCrypto costs more than the rest of a simple GET. The signature is checked once.
   */
  private readonly verified = new LRUCache<string, TokenClaims>({ max: 10_000 });

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    private readonly secrets: TokenSigningSecretsRepository,
  ) {
    this.ttlSeconds = config.get('ACCESS_TOKEN_TTL_SECONDS', { infer: true });
  }

  async onModuleInit(): Promise<void> {
    const configured = this.config.get('TOKEN_SECRET', { infer: true });
    this.key = await importHmacKey(configured ? new TextEncoder().encode(configured) : await this.storedSecret());
  }

  private async storedSecret(): Promise<Uint8Array> {
    return new Uint8Array(await this.secrets.storeOrRead(randomBytes(32)));
  }

  async issue(claims: TokenClaims): Promise<IssuedToken> {
    const accessToken = await new SignJWT({ role: claims.role, org: claims.organizationId, gen: claims.generation })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.ttlSeconds };
  }

  async verify(token: string): Promise<TokenClaims> {
    const known = this.verified.get(token);
    if (known) return known;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'exp', 'role', 'org'],
      });
      const claims = {
        userId: payload.sub!,
        role: payload.role as Role,
        organizationId: payload.org as string,
        // Tokens issued before generations existed belong to the first one.
        generation: typeof payload.gen === 'number' ? payload.gen : 0,
      };
      // Kept no longer than the token is valid; jwtVerify has just checked that exp is in the future.
      this.verified.set(token, claims, { ttl: payload.exp! * 1000 - Date.now() });
      return claims;
    } catch (error) {
      if (error instanceof errors.JOSEError) {
        throw new UnauthenticatedError(
          error instanceof errors.JWTExpired ? 'The access token has expired' : 'The access token is not valid',
        );
      }
      throw error;
    }
  }
}

function importHmacKey(secret: Uint8Array): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}
