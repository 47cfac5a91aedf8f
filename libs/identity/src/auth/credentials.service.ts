import { Injectable } from '@nestjs/common';
import type { Caller } from '@landbridge/common';
import type { FastifyRequest } from 'fastify';
import { looksLikeApiKey } from '../api-keys/api-key-format.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { TokenService } from './token.service.js';
import { UnauthorizedError } from './unauthorized.error.js';

const AUTHENTICATION = Symbol('landbridge:authentication');
type RequestWithAuthentication = FastifyRequest & { [AUTHENTICATION]?: Promise<Caller> };

/** Turns an `Authorization` header into a caller: a bearer access token or an API key. */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly tokens: TokenService,
    private readonly apiKeys: ApiKeysService,
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
    if (!match) throw new UnauthorizedError('Send Authorization: Bearer <access token or API key>');
    const credential = match[1]!;
    if (looksLikeApiKey(credential)) {
      const caller = await this.apiKeys.authenticate(credential);
      if (!caller) throw new UnauthorizedError('The API key is not valid or has been revoked');
      const { keyId, ...rest } = caller;
      return { ...rest, credential: { kind: 'api-key', keyId } };
    }
    return { ...(await this.tokens.verify(credential)), credential: { kind: 'token' } };
  }
}
