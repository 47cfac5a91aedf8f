import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig, Role } from '@landbridge/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import { DataSource } from 'typeorm';
import { UnauthorizedError } from './unauthorized.error.js';

const ALGORITHM = 'HS256';
const ISSUER = 'landbridge';
const AUDIENCE = 'landbridge-api';

export interface TokenClaims {
  userId: string;
  role: Role;
  organizationId: string;
}

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/**
 * Short-lived signed access tokens (JWT, HS256 pinned; issuer, audience and expiry checked). The key is
 * TOKEN_SECRET, or else a random secret generated once and kept in the database so that every api
 * process of one deployment accepts the others' tokens.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  private key!: Uint8Array;
  private readonly ttlSeconds: number;

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.ttlSeconds = config.get('ACCESS_TOKEN_TTL_SECONDS', { infer: true });
  }

  async onModuleInit(): Promise<void> {
    const configured = this.config.get('TOKEN_SECRET', { infer: true });
    if (configured) {
      this.key = new TextEncoder().encode(configured);
      return;
    }
    await this.dataSource.query(
      'INSERT INTO token_signing_secrets (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING',
      [randomBytes(32)],
    );
    const [row] = await this.dataSource.query<{ secret: Buffer }[]>(
      'SELECT secret FROM token_signing_secrets WHERE id = 1',
    );
    if (!row) throw new Error('token_signing_secrets has no row after inserting one');
    this.key = new Uint8Array(row.secret);
  }

  async issue(claims: TokenClaims): Promise<IssuedToken> {
    const accessToken = await new SignJWT({ role: claims.role, org: claims.organizationId })
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
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'exp', 'role', 'org'],
      });
      return { userId: payload.sub!, role: payload.role as Role, organizationId: payload.org as string };
    } catch (error) {
      if (error instanceof errors.JOSEError) {
        throw new UnauthorizedError(
          error instanceof errors.JWTExpired ? 'The access token has expired' : 'The access token is not valid',
        );
      }
      throw error;
    }
  }
}
