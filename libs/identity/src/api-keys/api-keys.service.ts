import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  type Caller,
  cursorTime,
  decodeCursor,
  encodeCursor,
  NotFoundError,
  type Page,
  toPage,
} from '@landbridge/common';
import { Repository } from 'typeorm';
import { ForbiddenError } from '../auth/unauthorized.error.js';
import { generateApiKey, parseApiKey, secretMatches } from './api-key-format.js';
import type { ApiKeyDto, CreatedApiKeyDto } from './api-key.dto.js';
import { ApiKey } from './api-key.entity.js';

@Injectable()
export class ApiKeysService {
  constructor(@InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>) {}

  /**
   * A new key acting as its creator; the key is returned once and only its hash is kept. Only a signed-in
   * user creates keys: a key minted by another key would outlive the revocation of its parent.
   */
  async create(caller: Caller, name: string): Promise<CreatedApiKeyDto> {
    if (caller.credential.kind === 'api-key') {
      throw new ForbiddenError('API keys are created by a signed-in user (an access token), not by another API key');
    }
    const generated = generateApiKey();
    const row = await this.keys.save(
      this.keys.create({ keyId: generated.keyId, secretHash: generated.secretHash, name, userId: caller.userId }),
    );
    return { id: row.id, name: row.name, key: generated.key };
  }

  /** The caller's own keys, newest first. */
  async list(caller: Caller, limit: number, cursor?: string): Promise<Page<ApiKeyDto>> {
    const after = cursor ? decodeCursor(cursor, ['instant', 'uuid']) : undefined;
    const { entities, raw } = await this.keys
      .createQueryBuilder('key')
      .addSelect(cursorTime('key.created_at'), 'cursor_at')
      .where('key.user_id = :userId', { userId: caller.userId })
      .andWhere(after ? '(key.created_at, key.id) < (:createdAt, :id)' : 'true', {
        createdAt: after?.[0],
        id: after?.[1],
      })
      .orderBy('key.created_at', 'DESC')
      .addOrderBy('key.id', 'DESC')
      .limit(limit + 1)
      .getRawAndEntities<{ cursor_at: string }>();
    const rows = entities.map((key, i) => ({ key, cursorAt: raw[i]!.cursor_at }));
    return toPage(
      rows,
      limit,
      (row) => toDto(row.key),
      (row) => encodeCursor([row.cursorAt, row.key.id]),
    );
  }

  /** Revokes one of the caller's keys (an admin may revoke anyone's); effective on the next request. */
  async revoke(caller: Caller, id: string): Promise<void> {
    const result = await this.keys
      .createQueryBuilder()
      .update(ApiKey)
      .set({ revokedAt: () => 'now()' })
      .where('id = :id AND revoked_at IS NULL', { id })
      .andWhere(caller.role === 'admin' ? 'true' : 'user_id = :userId', { userId: caller.userId })
      .execute();
    if (!result.affected) {
      const stillThere = await this.keys.exists({
        where: { id, ...(caller.role === 'admin' ? {} : { userId: caller.userId }) },
      });
      if (!stillThere) throw new NotFoundError('API key', id);
    }
  }

  /** The caller a key acts as, or undefined when the key is unknown, revoked or wrong. */
  async authenticate(key: string): Promise<(Omit<Caller, 'credential'> & { keyId: string }) | undefined> {
    const parsed = parseApiKey(key);
    if (!parsed) return undefined;
    const row = await this.keys
      .createQueryBuilder('key')
      .innerJoin('key.user', 'user')
      .select(['key.id', 'key.secretHash', 'key.userId', 'user.role', 'user.organizationId'])
      .where('key.key_id = :keyId AND key.revoked_at IS NULL', { keyId: parsed.keyId })
      .getOne();
    if (!row || !secretMatches(parsed.secret, row.secretHash)) return undefined;
    return {
      userId: row.userId,
      role: row.user.role,
      organizationId: row.user.organizationId,
      keyId: row.id,
    };
  }
}

function toDto(row: ApiKey): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: `lb_${row.keyId}`,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
