import { ALL_TENANTS, type DatabaseScope, sql, withDatabaseScope } from '@landbridge/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '../libs/common/src/audit/audit-log.repository.js';
import { StatusEventsRepository } from '../libs/notifications/src/status-events/status-events.repository.js';
import { WebhookDeliveriesRepository } from '../libs/notifications/src/webhooks/webhook-deliveries.repository.js';
import {
  webhookScopeOf,
  WebhookSubscriptionsRepository,
} from '../libs/notifications/src/webhooks/webhook-subscriptions.repository.js';
import { ConsignmentsRepository } from '../libs/operations/src/consignments/consignments.repository.js';
import { ConsistsRepository } from '../libs/operations/src/equipment/consists.repository.js';
import { ExportFiguresService } from '../libs/operations/src/export-figures/export-figures.service.js';
import { AnalyticsRepository } from '../libs/tracking/src/analytics/analytics.repository.js';
import { TrackingEventsRepository } from '../libs/tracking/src/events/tracking-events.repository.js';
import { shareTokenHash } from '../libs/tracking/src/sharing/share-link-token.js';
import { ShareLinksRepository } from '../libs/tracking/src/sharing/share-links.repository.js';
import { type Actor, createActor } from './support/actors.js';
import type { Consignment } from './support/api-types.js';
import { aConsignment, PLANNED_DEPARTURE } from './support/factories.js';
import { eventually } from './support/eventually.js';
import { departedTrain } from './support/scenarios.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Row-level security as the second wall: with the service's own organization checks out of the way (every
 * repository query given ALL_TENANTS, as staff would be), PostgreSQL alone returns an exporter nothing of
 * another organization, through the service's own connection (the role landbridge_app). Exporter A owns rows
 * in every tenant-scoped table; B, with nothing of its own there, asks.
 */
describe('row-level security', () => {
  let api: TestApp;
  let db: DataSource;
  let owner: pg.Client;
  let a: Actor;
  let b: Actor;
  let consignment: Consignment;
  let trainId: string;
  let container: string;
  let link: { id: string; token: string };
  let webhookId: string;
  let eventId: string;
  /** What identifies A's rows in any answer: if one of these appears in what B got, that is a leak. */
  let secrets: string[];

  /** A's rows of each tenant-scoped table ($1 A's organization, $2 its consignments, $3 its VINs, $4 its webhooks). */
  const TABLES: Record<string, string> = {
    consignments: 'exporter_id = $1',
    vehicles: 'consignment_id = ANY($2)',
    loadings: 'vin = ANY($3)',
    tracking_events: 'consignment_id = ANY($2)',
    status_events: 'exporter_id = $1',
    share_links: 'exporter_id = $1',
    webhook_subscriptions: 'organization_id = $1',
    webhook_deliveries: 'subscription_id = ANY($4)',
    audit_log: 'organization_id = $1',
    export_figures_daily: 'exporter_id = $1',
    export_figures_monthly: 'exporter_id = $1',
    export_other_values_daily: 'exporter_id = $1',
    export_other_values_monthly: 'exporter_id = $1',
    train_transits: '$1 = ANY(exporter_ids)',
  };

  beforeAll(async () => {
    api = await startTestApp({ ALLOW_HTTP_WEBHOOKS: 'true', ALLOW_PRIVATE_WEBHOOKS: 'true' });
    db = api.app.get(DataSource);
    owner = new pg.Client({ connectionString: api.database.url });
    await owner.connect();
    const operator = await createActor(api, 'operator');
    a = await createActor(api, 'exporter');
    b = await createActor(api, 'exporter');

    // A's consignment, loaded in a container on a train that departed: vehicles, loadings, events, the
    // feed, export figures, audit entries; then a share link and a webhook.
    const departed = await departedTrain(api, operator, a, { vehiclesEach: 2 });
    consignment = departed.consignment;
    trainId = departed.train.id;
    const vehicle = await api.as(a).getVehicle(consignment.vehicles[0]!.vin);
    container = vehicle.unit!.number;
    await api.as(operator).recordConsignmentEvent(consignment.id, {
      type: 'DAMAGE_REPORTED',
      stationCode: 'CNZGZ',
      occurredAt: new Date(Date.parse(PLANNED_DEPARTURE) + 3_600_000).toISOString(),
      note: 'a scratch',
    });
    const created = await api
      .as(a)
      .request<{ id: string; url: string }>('POST', `/api/v1/consignments/${consignment.id}/share-links`, {
        json: {},
        success: 201,
      });
    link = { id: created.id, token: new URL(created.url).pathname.split('/').pop()! };
    webhookId = (
      await api.as(a).createWebhook({ url: 'http://127.0.0.1:9/hook', events: ['consignment.status_changed'] })
    ).id;
    // Rows the HTTP path makes only later (a worker's delivery, an arrival, a foreign currency), made here.
    const { rows } = await owner.query<{ id: string }>('SELECT id FROM status_events WHERE exporter_id = $1 LIMIT 1', [
      a.organizationId,
    ]);
    eventId = rows[0]!.id;
    await owner.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, attempt, succeeded, status_code, duration_ms)
       VALUES ($1, $2, 1, true, 200, 5)`,
      [webhookId, eventId],
    );
    await owner.query(
      `INSERT INTO train_transits (train_id, route_code, departed_at, arrived_at, border_station_code,
         border_dwell_hours, exporter_ids)
       VALUES ($1, 'ZGZ-MOW-ERC', now() - interval '10 days', now(), 'MNZUU', 12, ARRAY[$2::uuid])`,
      [trainId, a.organizationId],
    );
    for (const [table, unit] of [
      ['export_other_values_daily', 'day'],
      ['export_other_values_monthly', 'month'],
    ] as const) {
      await owner.query(
        `INSERT INTO ${table} (${unit}, exporter_id, currency, value) VALUES (date_trunc('month', now())::date, $1, 'USD', 1000)`,
        [a.organizationId],
      );
    }
    secrets = [
      a.organizationId,
      consignment.id,
      consignment.waybillNumber,
      ...consignment.vehicles.map((v) => v.vin),
      link.id,
      webhookId,
      eventId,
    ];
    // The feed shows an event once every transaction that was running when it was written has ended, in any
    // database of the server (other suites' too): wait for that, so that the leak check's feed read is not blind.
    const feed = api.app.get(StatusEventsRepository, { strict: false });
    await eventually(
      () =>
        withDatabaseScope({ kind: 'system' }, () => feed.readAfter(ALL_TENANTS, null, 1000)).then((events) =>
          events.some(({ event }) => event.id === eventId),
        ),
      30_000,
    );
  });

  afterAll(async () => {
    await owner.end();
    await api.close();
  });

  const exporterScope = (who: Actor): DatabaseScope => ({ kind: 'exporter', organizationId: who.organizationId });
  const parameters = () => [a.organizationId, [consignment.id], consignment.vehicles.map((v) => v.vin), [webhookId]];

  /** How many of A's rows each table shows to statements of the service's connection run in `scope`. */
  async function visibleRows(scope: DatabaseScope | undefined): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [table, mine] of Object.entries(TABLES)) {
      // Only the parameters the condition names, renumbered from $1.
      const used = [...new Set(mine.match(/\$\d/g))];
      const condition = used.reduce((text, name, i) => text.replaceAll(name, `$${i + 1}`), mine);
      const values = used.map((name) => parameters()[Number(name.slice(1)) - 1]);
      const count = () =>
        db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table} WHERE ${condition}`, values);
      const [row] = await (scope ? withDatabaseScope(scope, count) : count());
      counts[table] = row!.n;
    }
    return counts;
  }

  /**
   * Every exporter-reachable read of the repositories, given ALL_TENANTS (the service's own check says "all"),
   * run with `scope`: the names of those whose answer holds anything of A's.
   */
  async function leaksTo(scope: DatabaseScope): Promise<string[]> {
    const reads = exporterReachableReads();
    // Sums name no row: any figure at all is A's (B has none); a feed position names no event: finding one is.
    const sums = new Set(['export report', 'transit times', 'border dwell']);
    const found = new Set(['feed position of an event']);
    const leaks: string[] = [];
    for (const [name, read] of Object.entries(reads)) {
      const answer = (await withDatabaseScope(scope, read)) ?? null;
      const text = JSON.stringify(answer);
      const leaked = sums.has(name)
        ? (answer as unknown[]).length > 0
        : found.has(name)
          ? answer !== null
          : secrets.some((secret) => text.includes(secret));
      if (leaked) leaks.push(name);
    }
    return leaks;
  }

  /** The repositories' reads an exporter's request reaches, each with the service's own check saying "all". */
  function exporterReachableReads(): Record<string, () => Promise<unknown>> {
    const get = <T>(type: new (...args: never[]) => T): T => api.app.get(type, { strict: false });
    const consignments = get(ConsignmentsRepository);
    return {
      'consignment document': () => consignments.findDocument(consignment.id, ALL_TENANTS),
      'consignment list': () => consignments.pageDocuments(ALL_TENANTS, {}, 200, undefined),
      'consignment export rows': async () => {
        const rows: unknown[] = [];
        for await (const row of consignments.vehicleRows(ALL_TENANTS, {})) rows.push(row);
        return rows;
      },
      'vehicle lookup': () => consignments.findVehicle(consignment.vehicles[0]!.vin, ALL_TENANTS),
      'consignment journey': () => consignments.journeyOf(consignment.id, ALL_TENANTS),
      'consignment train': () => consignments.trainOf(consignment.id, ALL_TENANTS),
      'consignments in a container': () =>
        consignments.pageDocuments(ALL_TENANTS, { containerNumber: container }, 200, undefined),
      'container on its trip': () => get(ConsistsRepository).containerOnTrip(db, container, ALL_TENANTS),
      'consignment events': () => get(TrackingEventsRepository).ofConsignment(trainId, consignment.id),
      feed: () => get(StatusEventsRepository).readAfter(ALL_TENANTS, null, 1000),
      'feed position of an event': () => get(StatusEventsRepository).positionOf(ALL_TENANTS, eventId),
      'share link': () => get(ShareLinksRepository).findOne(link.id, ALL_TENANTS),
      'share links of the consignment': () =>
        get(ShareLinksRepository).pageOfConsignment(consignment.id, 50, undefined),
      // The page's lookup, naming A's consignment as a kept page would (its stamp here: the waybill).
      'share link by token': () =>
        get(ShareLinksRepository).findByTokenHashes(
          [
            {
              tokenHash: shareTokenHash(link.token),
              kept: { consignmentId: consignment.id, exporterId: a.organizationId, trainId },
            },
          ],
          (columns) => sql`(SELECT c.waybill_number FROM consignments c WHERE c.id = ${columns.consignmentId})`,
        ),
      webhooks: () =>
        get(WebhookSubscriptionsRepository).list(webhookScopeOf({ role: 'admin' } as never), { limit: 200 }),
      'webhook deliveries': () => get(WebhookDeliveriesRepository).list(webhookId, { limit: 200 }),
      'audit log': () =>
        get(AuditLogRepository).page({}, { identity: true, organizationId: undefined }, 200, undefined),
      'export report': () => get(ExportFiguresService).sum('year', '2000-01-01', '2100-01-01'),
      'transit times': () => get(AnalyticsRepository).transitTimes(ALL_TENANTS, { groupBy: 'year' }),
      'border dwell': () => get(AnalyticsRepository).borderDwell(ALL_TENANTS, { groupBy: 'year' }),
    };
  }

  it('connects as a role that owns no table and is not BYPASSRLS, with FORCE on every tenant table', async () => {
    const [role] = await db.query<{ name: string; super: boolean; bypass: boolean }[]>(
      `SELECT current_user AS name, rolsuper AS super, rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user`,
    );
    expect(role).toEqual({ name: 'landbridge_app', super: false, bypass: false });
    const { rows } = await owner.query<{ table: string; enabled: boolean; forced: boolean; owned: boolean }>(
      `SELECT relname AS table, relrowsecurity AS enabled, relforcerowsecurity AS forced,
         pg_get_userbyid(relowner) = 'landbridge_app' AS owned
       FROM pg_class WHERE relname = ANY($1) ORDER BY relname`,
      [Object.keys(TABLES)],
    );
    expect(rows).toEqual(
      Object.keys(TABLES)
        .sort()
        .map((table) => ({ table, enabled: true, forced: true, owned: false })),
    );
  });

  it('shows A its own rows in every tenant table, and the system all of them: the data is there', async () => {
    const own = await visibleRows(exporterScope(a));
    const all = await visibleRows({ kind: 'system' });
    for (const table of Object.keys(TABLES)) {
      expect({ table, own: own[table]! > 0 }).toEqual({ table, own: true });
      expect({ table, system: all[table] }).toEqual({ table, system: own[table] });
    }
    // And the exporter-reachable reads do find A's rows in A's scope (the leak check is not blind).
    expect((await leaksTo(exporterScope(a))).sort()).toEqual(Object.keys(exporterReachableReads()).sort());
  });

  it('shows B nothing of A in any tenant table, nor through any exporter-reachable read without its own check', async () => {
    const seen = await visibleRows(exporterScope(b));
    expect(Object.entries(seen).filter(([, n]) => n > 0)).toEqual([]);
    expect(await leaksTo(exporterScope(b))).toEqual([]);
  });

  it('shows nothing at all with no scope, an unknown one, or an exporter scope naming no organization', async () => {
    for (const scope of [undefined, { kind: 'exporter', organizationId: '00000000-0000-4000-8000-000000000000' }]) {
      const seen = await visibleRows(scope as DatabaseScope | undefined);
      expect(Object.entries(seen).filter(([, n]) => n > 0)).toEqual([]);
    }
    const [row] = await db.transaction(async (em) => {
      await em.query(`SELECT set_config('landbridge.scope', 'root', true)`);
      return em.query<{ n: number }[]>('SELECT count(*)::int AS n FROM consignments');
    });
    expect(row!.n).toBe(0);
  });

  it('shows the tracking page the links of the tokens it names, then the consignments found behind them alone', async () => {
    const hashOf = (token: string) => shareTokenHash(token).toString('hex');
    const byToken: DatabaseScope = { kind: 'public', shareTokenHashes: [hashOf(link.token)] };
    const page: DatabaseScope = { kind: 'public', consignmentIds: [consignment.id] };
    const other: DatabaseScope = { kind: 'public', consignmentIds: ['00000000-0000-4000-8000-000000000000'] };
    const count = (scope: DatabaseScope, table: string) =>
      withDatabaseScope(scope, () => db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`)).then(
        ([row]) => row!.n,
      );
    expect(await count(byToken, 'share_links')).toBe(1);
    expect(await count(byToken, 'consignments')).toBe(0);
    expect(await count(page, 'consignments')).toBe(1);
    expect(await count(page, 'vehicles')).toBe(2);
    expect(await count(page, 'share_links')).toBe(0);
    expect(await count(page, 'webhook_subscriptions')).toBe(0);
    expect(await count(page, 'audit_log')).toBe(0);
    expect(await count(other, 'consignments')).toBe(0);
    expect(await count(other, 'vehicles')).toBe(0);
    // A page kept by the service reads its link and that consignment in one statement: both, and nothing more.
    const kept: DatabaseScope = { ...byToken, consignmentIds: [consignment.id] };
    expect(await count(kept, 'share_links')).toBe(1);
    expect(await count(kept, 'consignments')).toBe(1);
    expect(await count(kept, 'vehicles')).toBe(2);
    expect(await count(kept, 'webhook_subscriptions')).toBe(0);
    expect(await count(kept, 'audit_log')).toBe(0);

    // Concurrent requests' lookups read in one statement: the links of their tokens and the consignments
    // behind them, of whichever exporter, and nothing of a third consignment that has a link too.
    const booked = await Promise.all([
      api.as(b).bookConsignment(aConsignment(3)),
      api.as(b).bookConsignment(aConsignment(1)),
    ]);
    const [ofB, third] = await Promise.all(
      booked.map((c) =>
        api
          .as(b)
          .request<{ url: string }>('POST', `/api/v1/consignments/${c.id}/share-links`, { json: {}, success: 201 })
          .then((created) => new URL(created.url).pathname.split('/').pop()!),
      ),
    );
    const batch: DatabaseScope = {
      kind: 'public',
      shareTokenHashes: [hashOf(link.token), hashOf(ofB!)],
      consignmentIds: [consignment.id, booked[0].id],
    };
    expect(await count(batch, 'share_links')).toBe(2);
    expect(await count(batch, 'consignments')).toBe(2);
    expect(await count(batch, 'vehicles')).toBe(2 + 3);
    expect(await count(batch, 'webhook_subscriptions')).toBe(0);
    expect(await count(batch, 'audit_log')).toBe(0);
    const seen = await withDatabaseScope(batch, () =>
      db.query<{ id: string }[]>('SELECT consignment_id AS id FROM share_links UNION SELECT id FROM consignments'),
    );
    expect(seen.map((row) => row.id)).not.toContain(booked[1].id);
    // The third link is there, for a statement that names its token.
    const ofThird: DatabaseScope = { kind: 'public', shareTokenHashes: [hashOf(third!)] };
    expect(await count(ofThird, 'share_links')).toBe(1);
    expect(await count(ofThird, 'consignments')).toBe(0);
  });

  it('sets the scope in the statement’s own round trip: one Sync, one ReadyForQuery per statement', async () => {
    const pool = (db.driver as unknown as { master: pg.Pool }).master;
    const client = await pool.connect();
    let answers = 0;
    const wire = (client as unknown as { connection: { on(event: string, listener: () => void): void } }).connection;
    wire.on('readyForQuery', () => answers++);
    try {
      const counted = async (work: () => Promise<unknown>) => {
        answers = 0;
        const result = await withDatabaseScope(exporterScope(a), work);
        return { answers, result };
      };
      // Extended protocol (parameters), simple protocol (none), and a transaction of two statements.
      expect(
        await counted(() =>
          client.query('SELECT count(*)::int AS n FROM consignments WHERE id = $1', [consignment.id]),
        ).then(({ answers, result }) => ({ answers, rows: (result as pg.QueryResult).rows })),
      ).toEqual({ answers: 1, rows: [{ n: 1 }] });
      expect(
        await counted(() => client.query('SELECT count(*)::int AS n FROM consignments')).then(
          ({ answers, result }) => ({ answers, rows: (result as pg.QueryResult).rows }),
        ),
      ).toEqual({ answers: 1, rows: [{ n: 1 }] });
      const transaction = await counted(async () => {
        await client.query('BEGIN');
        await client.query('SELECT 1 FROM consignments WHERE id = $1', [consignment.id]);
        const { rows } = await client.query<{ scope: string }>(`SELECT current_setting('landbridge.scope') AS scope`);
        await client.query('COMMIT');
        return rows;
      });
      expect(transaction).toEqual({ answers: 4, result: [{ scope: 'exporter' }] });
    } finally {
      client.release();
    }
  });

  it('keeps the scope to its transaction: a connection back in the pool carries none', async () => {
    await withDatabaseScope(exporterScope(a), () => db.query('SELECT count(*) FROM consignments'));
    const settings = await db.query<{ scope: string | null }[]>(
      `SELECT nullif(current_setting('landbridge.scope', true), '') AS scope FROM generate_series(1, 8)`,
    );
    expect(settings.map((row) => row.scope)).toEqual(Array(8).fill(null));
  });

  // Last: it takes the wall down in this file's database.
  it('leaks A’s consignments and vehicles to B once the consignments policy is dropped (the check is sensitive)', async () => {
    await owner.query('DROP POLICY consignments_tenant ON consignments');
    // Without a policy FORCE denies everything; without the wall there is nothing between B and A's rows.
    expect((await visibleRows(exporterScope(b))).consignments).toBe(0);
    await owner.query('ALTER TABLE consignments NO FORCE ROW LEVEL SECURITY');
    await owner.query('ALTER TABLE consignments DISABLE ROW LEVEL SECURITY');
    const seen = await visibleRows(exporterScope(b));
    expect(seen.consignments).toBeGreaterThan(0);
    expect(seen.vehicles).toBeGreaterThan(0);
    expect(seen.audit_log).toBe(0);
    expect(await leaksTo(exporterScope(b))).toEqual(
      expect.arrayContaining(['consignment document', 'consignment list', 'vehicle lookup', 'consignment journey']),
    );
  });
});
