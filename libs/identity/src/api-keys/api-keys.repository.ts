import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  cursorTime,
  execute,
  Keyset,
  type Page,
  queryPrepared,
  queryRow,
  queryRows,
  rawSql,
  type Role,
  type Sql,
  sql,
  toPage,
  where,
} from '@landbridge/common';
import { DataSource } from 'typeorm';

/** An API key as its owner sees it listed (never its secret's hash). */
export interface ApiKeyRecord {
  id: string;
  keyId: string;
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** What authenticating with a key needs: the stored hash to check, and who the key acts as. */
export interface ActiveApiKey {
  id: string;
  secretHash: Buffer;
  userId: string;
  role: Role;
  organizationId: string;
}

const NEWEST_FIRST = new Keyset(['k.created_at', 'k.id'], ['instant', 'uuid'] as const, 'desc');
const CURSOR_AT = rawSql(cursorTime('k.created_at'));

/** `user_id = …`, or every user's keys for undefined. */
const ofOwner = (userId: string | undefined): Sql => (userId === undefined ? rawSql('true') : sql`user_id = ${userId}`);

/** The table api_keys. */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(key: { keyId: string; secretHash: Buffer; name: string; userId: string }): Promise<{ id: string }> {
    const row = await queryRow<{ id: string }>(
      this.dataSource,
      sql`INSERT INTO api_keys (key_id, secret_hash, name, user_id)
          VALUES (${key.keyId}, ${key.secretHash}, ${key.name}, ${key.userId}) RETURNING id`,
    );
    return row!;
  }

  /** A page of one user's keys, revoked ones included, newest first. */
  async pageOfUser(userId: string, limit: number, cursor: string | undefined): Promise<Page<ApiKeyRecord>> {
    const rows = await queryRows<ApiKeyRecord & { cursorAt: string }>(
      this.dataSource,
      sql`SELECT k.id, k.key_id AS "keyId", k.name, k.created_at AS "createdAt", k.revoked_at AS "revokedAt",
            ${CURSOR_AT} AS "cursorAt"
          FROM api_keys k ${where(sql`k.user_id = ${userId}`, NEWEST_FIRST.after(cursor))}
          ORDER BY ${NEWEST_FIRST.orderBy} LIMIT ${limit + 1}`,
    );
    return toPage(
      rows,
      limit,
      ({ cursorAt: _cursorAt, ...key }) => key,
      (row) => NEWEST_FIRST.key(row.cursorAt, row.id),
    );
  }

  /**
   * Revokes a key not revoked yet, of this user (undefined: of any user); false when there is no such key
   * (unknown, another user's, or revoked already).
   */
  async revoke(id: string, userId: string | undefined): Promise<boolean> {
    const revoked = await execute(
      this.dataSource,
      sql`UPDATE api_keys SET revoked_at = now() WHERE id = ${id} AND revoked_at IS NULL AND ${ofOwner(userId)}`,
    );
    return revoked > 0;
  }

  /** Whether this key exists, revoked or not, among this user's (undefined: any user's). */
  async isKnown(id: string, userId: string | undefined): Promise<boolean> {
    const row = await queryRow<{ exists: boolean }>(
      this.dataSource,
      sql`SELECT EXISTS (SELECT 1 FROM api_keys WHERE id = ${id} AND ${ofOwner(userId)}) AS exists`,
    );
    return row?.exists ?? false;
  }

  /**
   * The key with this public id unless it is revoked or its user disabled, with its user's role and
   * organization now: run on every request made with a key, as a prepared statement.
   */
  async findActive(keyId: string): Promise<ActiveApiKey | undefined> {
    const [row] = await queryPrepared<ActiveApiKey>(
      this.dataSource,
      sql`SELECT k.id, k.secret_hash AS "secretHash", k.user_id AS "userId", u.role,
            u.organization_id AS "organizationId"
          FROM api_keys k JOIN users u ON u.id = k.user_id
          WHERE k.key_id = ${keyId} AND k.revoked_at IS NULL AND NOT u.disabled`,
    );
    return row;
  }
}
