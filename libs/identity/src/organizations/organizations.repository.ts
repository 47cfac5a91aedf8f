import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Keyset, type Page, queryRow, queryRows, sql, toPage, where } from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrganizationKind } from './organization.entity.js';

/** An organization as the service reads it. */
export interface OrganizationRecord {
  id: string;
  name: string;
  kind: OrganizationKind;
}

const COLUMNS = sql`o.id, o.name, o.kind`;
const BY_ID = new Keyset(['o.id'], ['uuid'] as const, 'asc');

/** The table organizations. */
@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts an organization; undefined when one of this name (regardless of case) exists already. */
  async insert(organization: { name: string; kind: OrganizationKind }): Promise<OrganizationRecord | undefined> {
    return queryRow<OrganizationRecord>(
      this.dataSource,
      sql`INSERT INTO organizations AS o (name, kind) VALUES (${organization.name}, ${organization.kind})
          ON CONFLICT (lower(name)) DO NOTHING
          RETURNING ${COLUMNS}`,
    );
  }

  /** The organization, read in `em`'s transaction when given (it must not wait for a second connection). */
  async findById(id: string, em?: EntityManager): Promise<OrganizationRecord | undefined> {
    return queryRow<OrganizationRecord>(
      em ?? this.dataSource,
      sql`SELECT ${COLUMNS} FROM organizations o WHERE o.id = ${id}`,
    );
  }

  /** The organizations of these ids (those that exist). */
  findByIds(ids: readonly string[]): Promise<OrganizationRecord[]> {
    return queryRows<OrganizationRecord>(
      this.dataSource,
      sql`SELECT ${COLUMNS} FROM organizations o WHERE o.id = ANY(${ids}::uuid[])`,
    );
  }

  /** A page of organizations in id order, after `cursor`. */
  async page(limit: number, cursor: string | undefined): Promise<Page<OrganizationRecord>> {
    const rows = await queryRows<OrganizationRecord>(
      this.dataSource,
      sql`SELECT ${COLUMNS} FROM organizations o ${where(BY_ID.after(cursor))}
          ORDER BY ${BY_ID.orderBy} LIMIT ${limit + 1}`,
    );
    return toPage(
      rows,
      limit,
      (row) => row,
      (row) => BY_ID.key(row.id),
    );
  }
}
