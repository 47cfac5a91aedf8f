import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { joinSql, Keyset, type Page, queryRow, queryRows, type Sql, sql, toPage, where } from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface RouteStopRecord {
  sequence: number;
  stationCode: string;
  plannedHoursFromOrigin: number;
  gaugeChange: boolean;
}

/** A route with its stops in travel order. */
export interface RouteRecord {
  code: string;
  name: string;
  stops: RouteStopRecord[];
  version: number;
}

const BY_CODE = new Keyset(['r.code'], ['text'] as const, 'asc');

/** Routes (alias r, from `source`) with their stops as a JSON array in sequence order, one row each. */
const withStops = (source: Sql): Sql =>
  sql`SELECT r.code, r.name, r.version, stops.list AS stops
      FROM ${source} r
      CROSS JOIN LATERAL (
        SELECT coalesce(json_agg(json_build_object(
                 'sequence', s.sequence, 'stationCode', s.station_code,
                 'plannedHoursFromOrigin', s.planned_hours_from_origin, 'gaugeChange', s.gauge_change
               ) ORDER BY s.sequence), '[]'::json) AS list
        FROM route_stops s WHERE s.route_code = r.code
      ) stops`;

/** The tables routes and route_stops. */
@Injectable()
export class RoutesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of routes in code order, after `cursor`, with their stops: one statement. */
  async page(limit: number, cursor: string | undefined): Promise<Page<RouteRecord>> {
    const page = sql`(
      SELECT r.code, r.name, r.version FROM routes r ${where(BY_CODE.after(cursor))}
      ORDER BY ${BY_CODE.orderBy} LIMIT ${limit + 1}
    )`;
    const rows = await queryRows<RouteRecord>(this.dataSource, sql`${withStops(page)} ORDER BY ${BY_CODE.orderBy}`);
    return toPage(
      rows,
      limit,
      (row) => row,
      (row) => BY_CODE.key(row.code),
    );
  }

  /** The route with its stops, read in `em`'s transaction when given (it must not wait for a second connection). */
  async findByCode(code: string, em?: EntityManager): Promise<RouteRecord | undefined> {
    return queryRow<RouteRecord>(em ?? this.dataSource, sql`${withStops(sql`routes`)} WHERE r.code = ${code}`);
  }

  /**
   * Inserts a route at version 1 with its stops, in one transaction; false when a route with this code
   * exists (nothing is written then).
   */
  async insert(route: { code: string; name: string; stops: readonly RouteStopRecord[] }): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const inserted = await queryRows(
        em,
        sql`INSERT INTO routes (code, name, version) VALUES (${route.code}, ${route.name}, 1)
            ON CONFLICT (code) DO NOTHING RETURNING 1`,
      );
      if (inserted.length === 0) return false;
      const stops = route.stops.map(
        ({ sequence, stationCode, plannedHoursFromOrigin, gaugeChange }) =>
          sql`(${route.code}, ${sequence}, ${stationCode}, ${plannedHoursFromOrigin}, ${gaugeChange})`,
      );
      await queryRows(
        em,
        sql`INSERT INTO route_stops (route_code, sequence, station_code, planned_hours_from_origin, gauge_change)
            VALUES ${joinSql(stops, ', ')}`,
      );
      return true;
    });
  }
}
