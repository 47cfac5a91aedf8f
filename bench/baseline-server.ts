/**
 * The baseline of the benchmark: the smallest server that answers the consignment lookup and an object's
 * audit history (`GET /audit-log?entityId=`, as an admin sees it) the way Landbridge does — Fastify and a
 * `pg` pool, the same SQL, the same JSON — and nothing else (no Nest, no auth, no logging, no metrics). Landbridge's figures are reported as a ratio to this one, measured alternately
 * under the same load, so the ratio holds on a noisy machine. Not shipped in the apps.
 *
 * Run as its own process: DATABASE_URL, PORT and DATABASE_POOL_SIZE from the environment.
 */
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

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0));
});
