import { randomUUID } from 'node:crypto';
import { type Caller, queryRow, sql } from '@landbridge/common';
import type { StatusChange } from '@landbridge/notifications';
import type { DataSource } from 'typeorm';

/** A caller of the given role in `organizationId`. */
export function aCaller(role: Caller['role'], organizationId: string = randomUUID()): Caller {
  return { userId: randomUUID(), role, organizationId, credential: { kind: 'token' } };
}

/** A change of a consignment's status from loaded to in_transit, of a new consignment of `exporterId`. */
export function aStatusChange(exporterId: string, overrides: Partial<StatusChange> = {}): StatusChange {
  return {
    type: 'consignment.status_changed',
    consignmentId: randomUUID(),
    waybillNumber: `SMGS${Math.floor(Math.random() * 1e8)}`,
    exporterId,
    previousStatus: 'loaded',
    status: 'in_transit',
    stationCode: 'CNZZH',
    eta: null,
    note: null,
    occurredAt: new Date(),
    ...overrides,
  };
}

/** An organization row (webhook subscriptions belong to one). */
export async function anOrganization(db: DataSource, kind: 'exporter' | 'operator' = 'exporter'): Promise<string> {
  const row = await queryRow<{ id: string }>(
    db,
    sql`INSERT INTO organizations (name, kind) VALUES (${`org ${randomUUID()}`}, ${kind}) RETURNING id`,
  );
  return row!.id;
}

/**
 * Calls `read` until `done` holds of its result (the feed shows a committed event only once every older
 * transaction of the cluster has ended, so a moment after the commit), or fails after `timeoutMs`.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
