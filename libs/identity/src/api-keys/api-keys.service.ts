import { Injectable } from '@nestjs/common';
import { type Caller, NotFoundError, type Page } from '@landbridge/common';
import { ApiKeyNeedsSignedInUserError } from '../identity-errors.js';
import { generateApiKey, parseApiKey, secretMatches } from './api-key-format.js';
import type { ApiKeyDto, CreatedApiKeyDto } from './api-key.dto.js';
import { type ApiKeyRecord, ApiKeysRepository } from './api-keys.repository.js';

@Injectable()
export class ApiKeysService {
  constructor(private readonly keys: ApiKeysRepository) {}

  /**
   * A new key acting as its creator; the key is returned once and only its hash is kept. Only a signed-in
   * user creates keys: a key minted by another key would outlive the revocation of its parent.
   */
  async create(caller: Caller, name: string): Promise<CreatedApiKeyDto> {
    if (caller.credential.kind === 'api-key') throw new ApiKeyNeedsSignedInUserError();
    const generated = generateApiKey();
    const { id } = await this.keys.insert({
      keyId: generated.keyId,
      secretHash: generated.secretHash,
      name,
      userId: caller.userId,
    });
    return { id, name, key: generated.key };
  }

  /** The caller's own keys, newest first. */
  async list(caller: Caller, limit: number, cursor?: string): Promise<Page<ApiKeyDto>> {
    const page = await this.keys.pageOfUser(caller.userId, limit, cursor);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  /** Revokes one of the caller's keys (an admin may revoke anyone's); effective on the next request. */
  async revoke(caller: Caller, id: string): Promise<void> {
    const owner = caller.role === 'admin' ? undefined : caller.userId;
    if (await this.keys.revoke(id, owner)) return;
    // Revoking a key revoked already succeeds; one that is not the caller's is not there for them.
    if (!(await this.keys.isKnown(id, owner))) throw new NotFoundError('API key', id);
  }

  /** The caller a key acts as, or undefined when the key is unknown, revoked or wrong. */
  async authenticate(key: string): Promise<(Omit<Caller, 'credential'> & { keyId: string }) | undefined> {
    const parsed = parseApiKey(key);
    if (!parsed) return undefined;
    const row = await this.keys.findActive(parsed.keyId);
    if (!row || !secretMatches(parsed.secret, row.secretHash)) return undefined;
    return { userId: row.userId, role: row.role, organizationId: row.organizationId, keyId: row.id };
  }
}

function toDto(row: ApiKeyRecord): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: `lb_${row.keyId}`,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
