import { Injectable } from '@nestjs/common';
import { type Caller, UnauthenticatedError } from '@landbridge/common';
import type { FastifyRequest } from 'fastify';
import { looksLikeApiKey } from '../api-keys/api-key-format.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { TokenService } from './token.service.js';
import { UserStateCache } from './user-state-cache.js';

const AUTHENTICATION = Symbol('landbridge:authentication');
type RequestWithAuthentication = FastifyRequest & { [AUTHENTICATION]?: Promise<Caller> };

/**
 * Turns an `Authorization` header into a caller: a bearer access token or an API key, of a user who is not
 * disabled, acting with the role its user has now. An API key's lookup reads its user anyway; a token's
 * user is checked against UserStateCache, which answers from memory (see there for how it stays current).
 */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly tokens: TokenService,
    private readonly apiKeys: ApiKeysService,
    private readonly users: UserStateCache,
  ) {}

  /**
   * The caller of this request, authenticated once per request: the rate limiter keys on it before the
   * access guard checks its role, and both see the same answer (or the same 401).
   */
  forRequest(request: FastifyRequest): Promise<Caller> {
    const memo = request as RequestWithAuthentication;
    return (memo[AUTHENTICATION] ??= this.authenticate(request.headers.authorization));
  }

  async authenticate(authorization: string | undefined): Promise<Caller> {
    const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!match) throw new UnauthenticatedError('Send Authorization: Bearer <access token or API key>');
    const credential = match[1]!;
    if (looksLikeApiKey(credential)) {
      const caller = await this.apiKeys.authenticate(credential);
      if (!caller) throw new UnauthenticatedError('The API key is not valid or has been revoked');
      const { keyId, ...rest } = caller;
      return { ...rest, credential: { kind: 'api-key', keyId } };
    }
    const claims = await this.tokens.verify(credential);
    const user = await this.users.get(claims.userId);
    // A disabled user's tokens, and tokens issued before its password changed, are refused.
    if (!user || user.disabled || user.tokenGeneration !== claims.generation) {
      throw new UnauthenticatedError('The access token is no longer valid: sign in again');
    }
    return {
      userId: claims.userId,
      role: user.role,
      organizationId: user.organizationId,
      credential: { kind: 'token' },
    };
  }
}
