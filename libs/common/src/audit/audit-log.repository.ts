import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '../access/role.js';
import { queryPrepared, queryRow, queryRows, type Sql, sql } from '../database/sql.js';
import { Keyset, where } from '../pagination/keyset.js';
import { type Page, toPage } from '../pagination/page.js';

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

export interface AuditEntry extends Omit<NewAuditEntry, 'organizationId'> {
  id: string;
  occurredAt: string;
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

interface Row {
  id: string;
  occurredAt: Date;
  userId: string;
  apiKeyId: string | null;
  actorOrganizationId: string;
  role: Role;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: Record<string, unknown>;
  requestId: string;
  idempotencyKey: string | null;
}

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

  /** A page of the entries the filter and the reader's visibility select, newest first. */
  async page(
    filter: AuditFilter,
    visibility: AuditVisibility,
    limit: number,
    cursor?: string,
  ): Promise<Page<AuditEntry>> {
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
    const rows = await queryPrepared<Row>(
      this.dataSource,
      sql`SELECT id, occurred_at AS "occurredAt", actor_user_id AS "userId", actor_api_key_id AS "apiKeyId",
         actor_organization_id AS "actorOrganizationId", actor_role AS role, action, entity_type AS "entityType",
         entity_id AS "entityId", changes, request_id AS "requestId", idempotency_key AS "idempotencyKey"
       FROM audit_log ${where(...conditions)}
       ORDER BY ${NEWEST_FIRST.orderBy} LIMIT ${limit + 1}`,
    );
    return toPage(rows, limit, toEntry, (row) => NEWEST_FIRST.key(row.occurredAt.toISOString(), row.id));
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

function toEntry(row: Row): AuditEntry {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actor: { userId: row.userId, apiKeyId: row.apiKeyId, organizationId: row.actorOrganizationId, role: row.role },
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    changes: row.changes,
    requestId: row.requestId,
    idempotencyKey: row.idempotencyKey,
  };
}
