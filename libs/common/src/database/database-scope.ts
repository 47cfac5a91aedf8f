import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whose rows PostgreSQL lets a statement see (row-level security, migrations RowLevelSecurity1796600000000 and
 * PublicScopeOfSeveralLinks1796700000000): staff (admin, operator) and the service's own jobs (system) every
 * organization's, an exporter its own, the public tracking page the links of the tokens it was given and the
 * consignments behind them. Set for each statement's transaction by the pool's connections (scoped-client.ts)
 * from the code around it; a statement with no scope sees nothing of the tenant tables. The public scope
 * names a consignment only once the service has read it from the link of a token (never from what a client
 * sends).
 */
export type DatabaseScope =
  | { readonly kind: 'staff' }
  | { readonly kind: 'system' }
  | { readonly kind: 'exporter'; readonly organizationId: string }
  /**
   * The tracking page: the links whose tokens hash so (hex), and the consignments found behind such links
   * earlier. Several of each when the page's lookups of concurrent requests are read in one statement
   * (ShareLinksService); each request is then answered with its own token's row alone.
   */
  | {
      readonly kind: 'public';
      readonly shareTokenHashes?: readonly string[];
      readonly consignmentIds?: readonly string[];
    };

export const STAFF_SCOPE: DatabaseScope = { kind: 'staff' };
const SYSTEM_SCOPE: DatabaseScope = { kind: 'system' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/;

/** The settings a scope stands for, as `set_config` names and values (every one of them, so none lingers). */
export function scopeSettings(scope: DatabaseScope): readonly [string, string][] {
  const organizationId = scope.kind === 'exporter' ? scope.organizationId : '';
  const consignmentIds = (scope.kind === 'public' && scope.consignmentIds) || [];
  const shareTokenHashes = (scope.kind === 'public' && scope.shareTokenHashes) || [];
  if (organizationId && !UUID.test(organizationId)) throw new Error(`not an organization id: ${organizationId}`);
  for (const id of consignmentIds) if (!UUID.test(id)) throw new Error(`not a consignment id: ${id}`);
  for (const hash of shareTokenHashes) if (!HEX.test(hash)) throw new Error('a share token hash is hex');
  // Lists as comma-separated text: the policies read them with string_to_array.
  return [
    ['landbridge.scope', scope.kind],
    ['landbridge.organization_id', organizationId],
    ['landbridge.consignment_ids', consignmentIds.join(',')],
    ['landbridge.share_token_hashes', shareTokenHashes.join(',')],
  ];
}

/** One string per scope: connections compare it to know whether their transaction has it set already. */
export function scopeKey(scope: DatabaseScope): string {
  return scopeSettings(scope)
    .map(([, value]) => value)
    .join('|');
}

/** One exporter's scope, or the system's (every organization's) for undefined. */
export function exporterDatabaseScope(exporterId: string | undefined): DatabaseScope {
  return exporterId === undefined ? SYSTEM_SCOPE : { kind: 'exporter', organizationId: exporterId };
}

/** The scope of a request is decided after it starts (by the access guard): a holder it fills in. */
interface ScopeHolder {
  scope: DatabaseScope | undefined;
}

const current = new AsyncLocalStorage<ScopeHolder>();

/** Runs `work` with `scope` for every statement it runs on the pool or in a transaction it begins. */
export function withDatabaseScope<T>(scope: DatabaseScope, work: () => T): T {
  return current.run({ scope }, work);
}

/** Runs `work` as the service's own job across organizations (the worker, upkeep, counts kept for all). */
export function asSystem<T>(work: () => T): T {
  return withDatabaseScope(SYSTEM_SCOPE, work);
}

/**
 * Runs a request (`next`, from an onRequest hook) with a scope still to be set: none (nothing of the tenant
 * tables) until its caller is known and `setRequestDatabaseScope` names it.
 */
export function inRequestScope(next: () => void): void {
  current.run({ scope: undefined }, next);
}

/** Sets the scope of the running request (the access guard, from its caller; the tracking page, from its link). */
export function setRequestDatabaseScope(scope: DatabaseScope): void {
  const holder = current.getStore();
  if (!holder) throw new Error('setRequestDatabaseScope outside a request (see inRequestScope)');
  holder.scope = scope;
}

/** The scope of the running code, if any. */
export function currentDatabaseScope(): DatabaseScope | undefined {
  return current.getStore()?.scope;
}
