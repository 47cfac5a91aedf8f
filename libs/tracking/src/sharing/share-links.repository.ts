import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  cursorTime,
  Keyset,
  ownedBy,
  type Page,
  queryPrepared,
  queryRow,
  queryRows,
  rawSql,
  sql,
  type Sql,
  type TenantScope,
  toPage,
  where,
} from '@landbridge/common';
import { DataSource } from 'typeorm';

/** A share link as stored, without its token's hash. */
export interface ShareLinkRecord {
  id: string;
  consignmentId: string;
  exporterId: string;
  expiresAt: Date | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface NewShareLink {
  consignmentId: string;
  exporterId: string;
  tokenHash: Buffer;
  expiresAt: Date | null;
  createdAt: Date;
  createdBy: string;
}

/** A lookup of a link by its token's hash; `kept`, what the page the service keeps of it names. */
export interface TokenLookup {
  tokenHash: Buffer;
  kept?: { consignmentId: string; exporterId: string; trainId: string | null };
}

/** A link found by its token's hash, with the stamps of the page kept of it (see findByTokenHashes). */
export type LookedUpLink = ShareLinkRecord & { stamp: string | null };

/** The columns of findByTokenHashes' statement that name a lookup's kept consignment, exporter and train. */
export interface StampColumns {
  consignmentId: Sql;
  exporterId: Sql;
  trainId: Sql;
}

const LINK = rawSql(`l.id, l.consignment_id AS "consignmentId", l.exporter_id AS "exporterId",
  l.expires_at AS "expiresAt", l.created_at AS "createdAt", l.revoked_at AS "revokedAt"`);
const NEWEST_FIRST = new Keyset(['l.created_at', 'l.id'], ['instant', 'uuid'] as const, 'desc');
const CURSOR_AT = rawSql(cursorTime('l.created_at'));

/** The table share_links: a consignment's public tracking links, each known by its token's hash. */
@Injectable()
export class ShareLinksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(link: NewShareLink): Promise<ShareLinkRecord> {
    const row = await queryRow<ShareLinkRecord>(
      this.dataSource,
      sql`INSERT INTO share_links AS l (consignment_id, exporter_id, token_hash, expires_at, created_at, created_by)
          VALUES (${link.consignmentId}, ${link.exporterId}, ${link.tokenHash}, ${link.expiresAt}, ${link.createdAt},
            ${link.createdBy})
          RETURNING ${LINK}`,
    );
    return row!;
  }

  /** A page of one consignment's links, revoked ones included, newest first. */
  async pageOfConsignment(
    consignmentId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<ShareLinkRecord>> {
    const rows = await queryRows<ShareLinkRecord & { cursorAt: string }>(
      this.dataSource,
      sql`SELECT ${LINK}, ${CURSOR_AT} AS "cursorAt" FROM share_links l
          ${where(sql`l.consignment_id = ${consignmentId}`, NEWEST_FIRST.after(cursor))}
          ORDER BY ${NEWEST_FIRST.orderBy} LIMIT ${limit + 1}`,
    );
    return toPage(
      rows,
      limit,
      ({ cursorAt: _cursorAt, ...link }) => link,
      (row) => NEWEST_FIRST.key(row.cursorAt, row.id),
    );
  }

  /**
   * Revokes a link not revoked yet, within the scope (an exporter: links to its own consignments); the
   * link's exporter and when, or undefined when there is no such link (unknown, another's, or revoked already).
   */
  async revoke(id: string, scope: TenantScope): Promise<{ exporterId: string; revokedAt: Date } | undefined> {
    return queryRow<{ exporterId: string; revokedAt: Date }>(
      this.dataSource,
      sql`UPDATE share_links SET revoked_at = now()
          WHERE id = ${id} AND revoked_at IS NULL AND ${ownedBy(scope, 'exporter_id')}
          RETURNING exporter_id AS "exporterId", revoked_at AS "revokedAt"`,
    );
  }

  /** The link with this id, revoked or not, within the scope. */
  findOne(id: string, scope: TenantScope): Promise<ShareLinkRecord | undefined> {
    return queryRow<ShareLinkRecord>(
      this.dataSource,
      sql`SELECT ${LINK} FROM share_links l WHERE l.id = ${id} AND ${ownedBy(scope, 'l.exporter_id')}`,
    );
  }

  /**
   * The links whose tokens have these hashes (index share_links_token), read afresh on every lookup, in one
   * statement: one answer a lookup, in their order, undefined where no link has the hash. A lookup that names
   * the consignment (and its exporter and train) the service keeps a page of also reads `stamp`, the scalar
   * expression `stampOf` makes of the columns naming them (the page's stamps; NULL where it names none).
   */
  async findByTokenHashes(
    lookups: readonly TokenLookup[],
    stampOf: (columns: StampColumns) => Sql,
  ): Promise<(LookedUpLink | undefined)[]> {
    const column = (name: string) => rawSql(`k.${name}`);
    const stamp = stampOf({
      consignmentId: column('consignment_id'),
      exporterId: column('exporter_id'),
      trainId: column('train_id'),
    });
    const rows = await queryPrepared<LookedUpLink & { n: string }>(
      this.dataSource,
      sql`SELECT k.n, ${LINK}, CASE WHEN k.consignment_id IS NOT NULL THEN ${stamp} END AS stamp
          FROM unnest(${lookups.map((l) => l.tokenHash)}::bytea[], ${lookups.map((l) => l.kept?.consignmentId ?? null)}::uuid[],
            ${lookups.map((l) => l.kept?.exporterId ?? null)}::uuid[], ${lookups.map((l) => l.kept?.trainId ?? null)}::uuid[])
            WITH ORDINALITY AS k (token_hash, consignment_id, exporter_id, train_id, n)
          JOIN share_links l ON l.token_hash = k.token_hash`,
    );
    const found: (LookedUpLink | undefined)[] = lookups.map(() => undefined);
    for (const { n, ...link } of rows) found[Number(n) - 1] = link;
    return found;
  }
}
