import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '../access/role.js';
import { isoUtcSql, jsonObjectSql, jsonSql } from '../database/json-sql.js';
import { queryPrepared, queryRow, queryRows, rawSql, type Sql, sql } from '../database/sql.js';
import { Keyset, where } from '../pagination/keyset.js';
import { cursorTime } from '../pagination/keyset-cursor.js';
import { toJsonPage } from '../pagination/page.js';

/** An entry as written, in the request's transaction. */
export interface NewAuditEntry {
  actor: { userId: string; apiKeyId: string | null; organizationId: string; role: Role };
  action: string;
  entityType: string;
  entityId: string | null;
  /** The exporter organization whose object this is (its exporters see the entry), or null. */
  organizationId: string | null;
  changes: Record<string, unknown>;
  requestId: string;
  idempotencyKey: string | null;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

/** Whose entries a reader may see: all, all but identity's, or one exporter's objects' (but identity's). */
export interface AuditVisibility {
  identity: boolean;
  organizationId: string | undefined;
}

/** Objects of identity (organizations, users, API keys): admins alone read their entries. */
const IDENTITY_ENTITIES = ['organization', 'user', 'api_key'];

/**
 * An entry as the contract's JSON document (AuditEntryDto), built by PostgreSQL as JSON text and sent as
 * it is: the entries' `changes` (jsonb) are never parsed into objects and serialised again in the api.
 * Exported for the benchmark's baseline server, which runs the same SQL.
 */
export const AUDIT_ENTRY_JSON = jsonObjectSql({
  id: 'id',
  occurredAt: isoUtcSql('occurred_at'),
  actor: jsonSql(
    jsonObjectSql({
      userId: 'actor_user_id',
      apiKeyId: 'actor_api_key_id',
      organizationId: 'actor_organization_id',
      role: 'actor_role',
    }),
  ),
  action: 'action',
  entityType: 'entity_type',
  entityId: 'entity_id',
  changes: jsonSql('changes::text'),
  requestId: 'request_id',
  idempotencyKey: 'idempotency_key',
});

const ENTRY = rawSql(AUDIT_ENTRY_JSON);
const CURSOR_AT = rawSql(cursorTime('occurred_at'));
const NEWEST_FIRST = new Keyset(['occurred_at', 'id'], ['instant', 'uuid'] as const, 'desc');

/** The table audit_log (partitioned by month, append-only): entries in, pages of them out. */
@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(em: EntityManager, entry: NewAuditEntry): Promise<void> {
    const { actor } = entry;
    await queryRows(
      em,
      sql`INSERT INTO audit_log (actor_user_id, actor_api_key_id, actor_organization_id, actor_role, action,
         entity_type, entity_id, organization_id, changes, request_id, idempotency_key)
       VALUES (${actor.userId}, ${actor.apiKeyId}, ${actor.organizationId}, ${actor.role}, ${entry.action},
         ${entry.entityType}, ${entry.entityId}, ${entry.organizationId}, ${entry.changes}, ${entry.requestId},
         ${entry.idempotencyKey})`,
    );
  }

  /** The JSON text of a page of the entries the filter and the reader's visibility select, newest first. */
  async page(filter: AuditFilter, visibility: AuditVisibility, limit: number, cursor?: string): Promise<string> {
    const conditions: Sql[] = [
      filter.entityType === undefined ? sql`true` : sql`entity_type = ${filter.entityType}`,
      filter.entityId === undefined ? sql`true` : sql`entity_id = ${filter.entityId}`,
      filter.actorId === undefined
        ? sql`true`
        : sql`(actor_user_id = ${filter.actorId}::uuid OR actor_api_key_id = ${filter.actorId}::uuid)`,
      filter.from === undefined ? sql`true` : sql`occurred_at >= ${filter.from}::timestamptz`,
      filter.to === undefined ? sql`true` : sql`occurred_at < ${filter.to}::timestamptz`,
      visibility.identity ? sql`true` : sql`entity_type <> ALL(${IDENTITY_ENTITIES})`,
      visibility.organizationId === undefined ? sql`true` : sql`organization_id = ${visibility.organizationId}::uuid`,
      NEWEST_FIRST.after(cursor),
    ];
    // Prepared: with a month per partition, planning would cost more than reading the few index entries.
    const rows = await queryPrepared<{ id: string; cursor_at: string; json: string }>(
      this.dataSource,
      sql`SELECT id, ${CURSOR_AT} AS cursor_at, ${ENTRY} AS json
       FROM audit_log ${where(...conditions)}
       ORDER BY ${NEWEST_FIRST.orderBy} LIMIT ${limit + 1}`,
    );
    return toJsonPage(rows, limit, (row) => NEWEST_FIRST.key(row.cursor_at, row.id));
  }

  /** Adds the partitions of `months` months from the one of `from` that are missing; returns how many. */
  async addMonths(from: Date, months: number): Promise<number> {
    const row = await queryRow<{ added: number }>(
      this.dataSource,
      sql`SELECT audit_log_add_months(${from.toISOString().slice(0, 10)}::date, ${months}) AS added`,
    );
    return row?.added ?? 0;
  }

  /** Whether the default partition holds entries: of months that had no partition when they were written. */
  async defaultPartitionHoldsRows(): Promise<boolean> {
    const row = await queryRow<{ holds: boolean }>(
      this.dataSource,
      // The service's role may not read a partition itself: a function of the owner's looks (RowLevelSecurity).
      sql`SELECT audit_log_default_holds_rows() AS holds`,
    );
    return row?.holds ?? false;
  }
}
