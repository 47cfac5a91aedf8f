/**
 * The baseline of the benchmark: the smallest server that answers the consignment lookup, an object's
 * audit history (`GET /audit-log?entityId=`, as an admin sees it) and a tracking link's page the way
 * Landbridge does — Fastify and a `pg` pool, the same SQL, the same bytes — and nothing else (no Nest, no
 * auth, no row-level security, no logging, no metrics). Landbridge's figures are reported as a ratio to this
 * one, measured alternately under the same load, so the ratio holds on a noisy machine. Not shipped in the apps.
 *
 * Run as its own process: DATABASE_URL, PORT and DATABASE_POOL_SIZE from the environment; BASELINE_TRACK_PAGES
 * names a JSON file of the tracking pages to serve (bench/scenarios/track-page.ts writes it).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';
import pg from 'pg';
import { AUDIT_ENTRY_JSON, cursorTime } from '@landbridge/common';
import { CONSIGNMENT_JSON, type ConsignmentJson } from '@landbridge/operations';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const app = Fastify({ logger: false });

app.get<{ Params: { id: string } }>('/api/v1/consignments/:id', async (request, reply) => {
  const { rows } = await pool.query<ConsignmentJson>({
    name: 'consignment',
    text: `SELECT c.id, c.version, ${CONSIGNMENT_JSON} AS json FROM consignments c WHERE c.id = $1 AND true`,
    values: [request.params.id],
  });
  const row = rows[0];
  if (!row) return reply.code(404).send({ status: 404 });
  return reply.header('etag', `"${row.version}"`).type('application/json; charset=utf-8').send(row.json);
});

/** The first page (50) of an object's entries, newest first: AuditLogRepository.page's query for an admin. */
app.get<{ Querystring: { entityId: string } }>('/api/v1/audit-log', async (request, reply) => {
  const { rows } = await pool.query<{ json: string }>({
    name: 'audit-log',
    text: `SELECT id, ${cursorTime('occurred_at')} AS cursor_at, ${AUDIT_ENTRY_JSON} AS json FROM audit_log WHERE entity_id = $1
       ORDER BY occurred_at DESC, id DESC LIMIT 51`,
    values: [request.query.entityId],
  });
  // The cursor's text differs from Landbridge's; an object's 10 entries never fill a page, so it is null.
  const items = rows.slice(0, 50).map((row) => row.json);
  return reply
    .type('application/json; charset=utf-8')
    .send(`{"items":[${items.join(',')}],"nextCursor":${rows.length > 50 ? '"more"' : 'null'}}`);
});

/** A link's page as Landbridge sent it, and what its kept view names (ShareLinksService's ShownConsignment). */
export interface BaselineTrackPage {
  consignmentId: string;
  exporterId: string;
  trainId: string;
  html: string;
}

const trackPages = new Map(
  Object.entries(
    process.env.BASELINE_TRACK_PAGES
      ? (JSON.parse(await readFile(process.env.BASELINE_TRACK_PAGES, 'utf8')) as Record<string, BaselineTrackPage>)
      : {},
  ),
);

/**
 * A tracking link's page once Landbridge keeps its view (ShareLinksService.pageView): the link by its token's
 * hash and the stamps of what it shows, in one statement (the same SQL, written out, for one link), then the
 * page. One statement per request: Landbridge reads the lookups of one turn of its event loop together.
 */
app.get<{ Params: { token: string } }>('/track/:token', async (request, reply) => {
  const page = trackPages.get(request.params.token);
  if (!page) return reply.code(404).send({ status: 404 });
  const { rows } = await pool.query<{ revokedAt: Date | null; stamp: string | null }>({
    name: 'track',
    text: `SELECT l.id, l.consignment_id AS "consignmentId", l.exporter_id AS "exporterId",
        l.expires_at AS "expiresAt", l.created_at AS "createdAt", l.revoked_at AS "revokedAt",
        (SELECT coalesce(c.train_id::text, '-') || ':' || c.version || ':' || coalesce(t.version::text, '-')
         FROM consignments c LEFT JOIN trains t ON t.id = c.train_id WHERE c.id = $2 AND c.exporter_id = $3)
        || '/' || (SELECT count(*) || ':' || coalesce(max(e.seq), 0) FROM tracking_events e
         WHERE (e.train_id = $4 AND e.consignment_id IS NULL) OR e.consignment_id = $2) AS stamp
      FROM share_links l WHERE l.token_hash = $1`,
    values: [
      createHash('sha256').update(request.params.token, 'utf8').digest(),
      page.consignmentId,
      page.exporterId,
      page.trainId,
    ],
  });
  const link = rows[0];
  if (!link) return reply.code(404).send({ status: 404 });
  if (link.revokedAt) return reply.code(410).send({ status: 410 });
  return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page.html);
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0));
});
