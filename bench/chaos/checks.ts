import type { ConsignmentStatus } from '@landbridge/operations';
import { consignmentStatus, type EventType, inTimeOrder, type JourneyEvent } from '@landbridge/tracking';
import type pg from 'pg';
import type { RecordedRequest } from './http-client.js';
import type { Delivered } from './observers.js';

/** A broken promise found by the checks. */
interface Violation {
  check: string;
  detail: string;
}

/** An update event as stored (status_events), in feed order. */
interface StoredEvent {
  id: string;
  type: string;
  consignmentId: string;
  exporterId: string;
  previousStatus: string | null;
  status: string | null;
}

/** Who receives what: an exporter's events or all (staff), of some types or all, after an event or from the start. */
export interface Expectation {
  name: string;
  exporterId?: string;
  types?: readonly string[];
  after?: string;
  /** What it received, in the order that counts for it (arrival, or the stream's order for NATS). */
  received: readonly Delivered[];
  /** A feed follower reads the feed itself: exactly the feed, in order, no duplicates. */
  exact?: boolean;
}

export interface CheckResult {
  violations: Violation[];
  /** Deliveries not (yet) received: while delivery may still catch up these are not violations. */
  missing: Violation[];
  events: number;
  eventsByType: Record<string, number>;
  consignments: number;
}

/**
 * Legal changes of a consignment's status: along the journey (booked → loaded → in transit → arrived →
 * delivered), into a customs hold and back to what the journey reached, and cancellation before departure.
 */
const LEGAL = new Set([
  'booked>loaded',
  'loaded>booked',
  'loaded>in_transit',
  'in_transit>arrived',
  'arrived>delivered',
  'booked>cancelled',
  'loaded>cancelled',
  ...['loaded', 'in_transit', 'arrived'].flatMap((status) => [`${status}>customs_hold`, `customs_hold>${status}`]),
]);

/**
 * Everything the chaos run promises, checked from what the clients recorded and what the database holds
 * once delivery has caught up. Exact, not timing-based: each check compares sets and orders.
 */
export async function checkEverything(
  db: pg.Client,
  requests: readonly RecordedRequest[],
  expectations: readonly Expectation[],
  origin: string,
): Promise<CheckResult> {
  const events = (
    await db.query<StoredEvent>(
      `SELECT id, type, consignment_id AS "consignmentId", exporter_id AS "exporterId",
         data->>'previousStatus' AS "previousStatus", data->>'status' AS status
       FROM status_events ORDER BY tx_id, seq`,
    )
  ).rows;
  const violations: Violation[] = [];
  const missing: Violation[] = [];
  violations.push(...(await checkRequests(db, requests)));
  for (const expectation of expectations) checkDelivery(events, expectation, violations, missing);
  violations.push(...checkTransitions(events, await statuses(db)));
  violations.push(...(await checkDerivedStatus(db, origin)));
  const eventsByType: Record<string, number> = {};
  for (const event of events) eventsByType[event.type] = (eventsByType[event.type] ?? 0) + 1;
  return {
    violations,
    missing,
    events: events.length,
    eventsByType,
    consignments: new Set(events.map((event) => event.consignmentId)).size,
  };
}

/**
 * Every request answered 2xx took effect exactly once (one audit entry under its Idempotency-Key, and what
 * it created is there); a request answered 4xx or given up took effect at most once, and a 4xx none; no
 * duplicate train, event or active loading exists.
 */
async function checkRequests(db: pg.Client, requests: readonly RecordedRequest[]): Promise<Violation[]> {
  const violations: Violation[] = [];
  const audited = new Map(
    (
      await db.query<{ key: string; n: number }>(
        `SELECT idempotency_key AS key, count(*)::int AS n FROM audit_log WHERE idempotency_key LIKE 'chaos-%' GROUP BY 1`,
      )
    ).rows.map((row) => [row.key, row.n]),
  );
  const exists = async (table: string, ids: string[]) =>
    new Set(
      (await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids])).rows.map(
        (r) => r.id,
      ),
    );
  const created = requests.filter((r) => r.final === 201 && r.response && typeof r.response === 'object');
  const idOf = (r: RecordedRequest) => (r.response as { id?: string }).id ?? '';
  const trains = await exists('trains', created.filter((r) => r.kind === 'train').map(idOf));
  const consignments = await exists('consignments', created.filter((r) => r.kind === 'booking').map(idOf));
  const events = await exists(
    'tracking_events',
    created.filter((r) => r.kind === 'train-event' || r.kind === 'consignment-event').map(idOf),
  );
  for (const request of requests) {
    if (!request.key) continue;
    const runs = audited.get(request.key) ?? 0;
    const what = `${request.method} ${request.path} (key ${request.key}, answered ${request.final ?? 'never'})`;
    if (runs > 1 || (request.final === 201 && runs === 0)) {
      violations.push({ check: 'exactly-once', detail: `${what} took effect ${runs} times` });
    }
    if (request.final !== null && request.final >= 400 && runs > 0) {
      violations.push({ check: 'exactly-once', detail: `${what}: answered ${request.final} yet took effect` });
    }
    if (request.final !== 201) continue;
    const known = { train: trains, booking: consignments, 'train-event': events, 'consignment-event': events }[
      request.kind as 'train'
    ] as Set<string> | undefined;
    if (known && !known.has(idOf(request))) {
      violations.push({ check: 'exactly-once', detail: `${what}: created ${idOf(request)}, which is not stored` });
    }
  }
  const duplicates: [string, string][] = [
    ['trains', 'SELECT train_number AS what FROM trains GROUP BY 1 HAVING count(*) > 1'],
    [
      'tracking events',
      `SELECT train_id || ' ' || type || ' ' || station_code || ' ' || occurred_at AS what FROM tracking_events
       GROUP BY train_id, consignment_id, type, station_code, occurred_at, vin HAVING count(*) > 1`,
    ],
    ['loadings', 'SELECT vin AS what FROM loadings WHERE released_at IS NULL GROUP BY vin HAVING count(*) > 1'],
  ];
  for (const [name, query] of duplicates) {
    for (const { what } of (await db.query<{ what: string }>(query)).rows) {
      violations.push({ check: 'exactly-once', detail: `duplicate ${name}: ${what}` });
    }
  }
  return violations;
}

/**
 * A consumer got every event meant for it at least once, nothing else, and each consignment's events in
 * feed order (the order of their first receipt); a feed follower got exactly the feed, in order.
 */
function checkDelivery(
  events: readonly StoredEvent[],
  expectation: Expectation,
  violations: Violation[],
  missing: Violation[],
): void {
  const { name, received } = expectation;
  const position = new Map(events.map((event, i) => [event.id, i]));
  const start = expectation.after === undefined ? -1 : position.get(expectation.after);
  if (start === undefined) {
    violations.push({ check: name, detail: `started after ${expectation.after}, which is not stored` });
    return;
  }
  const meant = events.filter(
    (event, i) =>
      i > start &&
      (!expectation.exporterId || event.exporterId === expectation.exporterId) &&
      (!expectation.types || expectation.types.includes(event.type)),
  );
  const meantIds = new Set(meant.map((event) => event.id));
  const got = new Set(received.map((event) => event.id));
  for (const event of meant) {
    if (!got.has(event.id)) missing.push({ check: name, detail: `never received ${event.type} ${event.id}` });
  }
  for (const id of got) {
    if (!meantIds.has(id)) {
      const stored = position.has(id) ? 'not meant for it' : 'not stored';
      violations.push({ check: name, detail: `received ${id}, ${stored}` });
    }
  }
  if (expectation.exact) {
    if (got.size !== received.length) {
      violations.push({ check: name, detail: `${received.length - got.size} events received twice` });
    }
    const firstWrong = received.findIndex((event, i) => event.id !== meant[i]?.id);
    if (firstWrong >= 0) {
      violations.push({
        check: name,
        detail: `item ${firstWrong} of the feed is ${received[firstWrong]!.id}, the stored order has ${meant[firstWrong]?.id}`,
      });
    }
    return;
  }
  const lastOf = new Map<string, number>();
  const seen = new Set<string>();
  for (const event of received) {
    if (seen.has(event.id) || !position.has(event.id)) continue;
    seen.add(event.id);
    const at = position.get(event.id)!;
    const before = lastOf.get(event.consignmentId);
    if (before !== undefined && at < before) {
      violations.push({
        check: name,
        detail: `consignment ${event.consignmentId}: ${event.id} (feed #${at}) received after feed #${before}`,
      });
    }
    lastOf.set(event.consignmentId, Math.max(at, before ?? -1));
  }
}

async function statuses(db: pg.Client): Promise<Map<string, string>> {
  const rows = (await db.query<{ id: string; status: string }>('SELECT id, status FROM consignments')).rows;
  return new Map(rows.map((row) => [row.id, row.status]));
}

/**
 * Each consignment's status changes, in feed order, chain (each starts from the status the previous one
 * reached, the first from `booked`), are legal, and end at the status stored.
 */
function checkTransitions(events: readonly StoredEvent[], stored: Map<string, string>): Violation[] {
  const violations: Violation[] = [];
  const reached = new Map<string, string>();
  for (const event of events) {
    if (event.type !== 'consignment.status_changed') continue;
    const from = reached.get(event.consignmentId) ?? 'booked';
    if (event.previousStatus !== from) {
      violations.push({
        check: 'transitions',
        detail: `consignment ${event.consignmentId}: event ${event.id} changes ${event.previousStatus} → ${event.status}, but it was ${from}`,
      });
    }
    if (!LEGAL.has(`${event.previousStatus}>${event.status}`)) {
      violations.push({
        check: 'transitions',
        detail: `consignment ${event.consignmentId}: illegal ${event.previousStatus} → ${event.status} (${event.id})`,
      });
    }
    reached.set(event.consignmentId, event.status!);
  }
  for (const [id, status] of reached) {
    if (stored.get(id) !== status) {
      violations.push({
        check: 'transitions',
        detail: `consignment ${id}: stored ${stored.get(id)}, its status events end at ${status}`,
      });
    }
  }
  return violations;
}

/** Each consignment's stored status is the one the domain's own rule derives from all its train's and its own events. */
async function checkDerivedStatus(db: pg.Client, origin: string): Promise<Violation[]> {
  const consignments = (
    await db.query<{ id: string; trainId: string; status: ConsignmentStatus }>(
      `SELECT id, train_id AS "trainId", status FROM consignments
       WHERE train_id IS NOT NULL AND status NOT IN ('booked', 'cancelled')`,
    )
  ).rows;
  const rows = (
    await db.query<{
      trainId: string;
      consignmentId: string | null;
      type: EventType;
      stationCode: string;
      occurredAt: Date;
      vin: string | null;
      note: string | null;
      delayHours: string | null;
      seq: string;
    }>(
      `SELECT train_id AS "trainId", consignment_id AS "consignmentId", type, station_code AS "stationCode",
         occurred_at AS "occurredAt", vin, note, delay_hours::text AS "delayHours", seq::text AS seq
       FROM tracking_events`,
    )
  ).rows;
  const byTrain = new Map<string, JourneyEvent[]>();
  for (const row of rows) {
    const event: JourneyEvent = {
      ...row,
      delayHours: row.delayHours === null ? null : Number(row.delayHours),
      seq: Number(row.seq),
    };
    byTrain.set(row.trainId, [...(byTrain.get(row.trainId) ?? []), event]);
  }
  const violations: Violation[] = [];
  for (const consignment of consignments) {
    const events = (byTrain.get(consignment.trainId) ?? []).filter(
      (event) => !event.consignmentId || event.consignmentId === consignment.id,
    );
    const derived = consignmentStatus(inTimeOrder(events), origin).status;
    if (derived !== consignment.status) {
      violations.push({
        check: 'derived-status',
        detail: `consignment ${consignment.id}: stored ${consignment.status}, its ${events.length} events give ${derived}`,
      });
    }
  }
  return violations;
}
