import { rawSql, type Sql, sql } from '../database/sql.js';
import { type Caller, ownerScope } from './caller.js';

const SCOPE = Symbol('landbridge:tenant-scope');

/**
 * Whose rows a query may return: every organization's (staff, and the service's own jobs) or one
 * exporter's. Repositories of tenant data take one as a required argument and apply it with `ownedBy`,
 * so no exporter-reachable query can be written without deciding its scope; a scope is made only here.
 */
export interface TenantScope {
  readonly [SCOPE]: true;
  /** The exporter organization, or undefined for all. */
  readonly organizationId: string | undefined;
}

/** The scope of a caller: staff see all, an exporter its own organization. */
export function scopeOf(caller: Caller): TenantScope {
  return { [SCOPE]: true, organizationId: ownerScope(caller) };
}

/**
 * The scope a reader kept beyond its request (an event stream, a webhook subscription) as the exporter
 * its caller's scope named: that exporter's rows, or every organization's for undefined (staff).
 */
export function scopeOfExporter(exporterId: string | undefined): TenantScope {
  return { [SCOPE]: true, organizationId: exporterId };
}

/** Every organization's rows: for staff-only routes and the service's background work. */
export const ALL_TENANTS: TenantScope = { [SCOPE]: true, organizationId: undefined };

const EVERY_ROW = rawSql('true');

/** The condition `column = organization` (a column naming the owning exporter), or `true` for all. */
export function ownedBy(scope: TenantScope, column: string): Sql {
  return scope.organizationId === undefined ? EVERY_ROW : sql`${rawSql(column)} = ${scope.organizationId}`;
}
