import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  emptySql,
  Keyset,
  type Page,
  queryPrepared,
  queryRow,
  queryRows,
  sql,
  toPage,
  where,
} from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Gauge, StationKind } from './station.entity.js';

/** A station as the service reads it. */
export interface StationRecord {
  code: string;
  name: string;
  localName: string;
  country: string;
  gauge: Gauge;
  kind: StationKind;
  timezone: string;
  version: number;
}

/** What a public page shows of a station: its names in each language, where it is, its clock. */
export interface StationDisplayRecord {
  code: string;
  name: string;
  localName: string;
  nameZh: string | null;
  nameRu: string | null;
  country: string;
  kind: StationKind;
  timezone: string;
  latitude: number | null;
  longitude: number | null;
}

/** The fields of a station that an update replaces. */
export type StationFields = Pick<StationRecord, 'name' | 'localName' | 'gauge' | 'kind' | 'timezone'>;

const COLUMNS = sql`s.code, s.name, s.local_name AS "localName", s.country, s.gauge, s.kind, s.timezone, s.version`;
const BY_CODE = new Keyset(['s.code'], ['text'] as const, 'asc');

/** The table stations. */
@Injectable()
export class StationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of stations in code order, after `cursor`. */
  async page(limit: number, cursor: string | undefined): Promise<Page<StationRecord>> {
    const rows = await queryRows<StationRecord>(
      this.dataSource,
      sql`SELECT ${COLUMNS} FROM stations s ${where(BY_CODE.after(cursor))}
          ORDER BY ${BY_CODE.orderBy} LIMIT ${limit + 1}`,
    );
    return toPage(
      rows,
      limit,
      (row) => row,
      (row) => BY_CODE.key(row.code),
    );
  }

  /** The station, read in `em`'s transaction when given (a transaction must not wait for a second connection). */
  async findByCode(code: string, em?: EntityManager): Promise<StationRecord | undefined> {
    return queryRow<StationRecord>(
      em ?? this.dataSource,
      sql`SELECT ${COLUMNS} FROM stations s WHERE s.code = ${code}`,
    );
  }

  /**
   * The names and kinds of the stations with these codes: a prepared statement (timelines and events ask on
   * every request), or read in `em`'s transaction when given (a transaction must not wait for a second
   * connection of the pool: under load every connection would be held by one waiting for another).
   */
  async namesOf(
    codes: readonly string[],
    em?: EntityManager,
  ): Promise<Pick<StationRecord, 'code' | 'name' | 'kind'>[]> {
    const statement = sql`SELECT code, name, kind FROM stations WHERE code = ANY(${codes})`;
    return em ? queryRows(em, statement) : queryPrepared(this.dataSource, statement);
  }

  /** The stations with these codes as a public page shows them (a prepared statement: every page view asks). */
  displayOf(codes: readonly string[]): Promise<StationDisplayRecord[]> {
    return queryPrepared(
      this.dataSource,
      sql`SELECT code, name, local_name AS "localName", name_zh AS "nameZh", name_ru AS "nameRu", country, kind,
            timezone, latitude, longitude
          FROM stations WHERE code = ANY(${codes})`,
    );
  }

  /** Inserts a station at version 1; undefined when one with this code exists (it is left as it is). */
  async insert(station: Omit<StationRecord, 'version'>): Promise<StationRecord | undefined> {
    return queryRow<StationRecord>(
      this.dataSource,
      sql`INSERT INTO stations AS s (code, name, local_name, country, gauge, kind, timezone, version)
          VALUES (${station.code}, ${station.name}, ${station.localName}, ${station.country}, ${station.gauge},
            ${station.kind}, ${station.timezone}, 1)
          ON CONFLICT (code) DO NOTHING
          RETURNING ${COLUMNS}`,
    );
  }

  /**
   * Replaces a station's fields and moves it to the next version, only from `expectedVersion` when one is
   * given (optimistic concurrency); undefined when no station with this code is at that version.
   */
  async update(
    code: string,
    fields: StationFields,
    expectedVersion: number | undefined,
  ): Promise<StationRecord | undefined> {
    return queryRow<StationRecord>(
      this.dataSource,
      sql`UPDATE stations AS s SET name = ${fields.name}, local_name = ${fields.localName}, gauge = ${fields.gauge},
            kind = ${fields.kind}, timezone = ${fields.timezone}, version = version + 1, updated_at = now()
          WHERE s.code = ${code} ${expectedVersion === undefined ? emptySql : sql`AND s.version = ${expectedVersion}`}
          RETURNING ${COLUMNS}`,
    );
  }
}
