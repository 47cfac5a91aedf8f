import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { emptySql, queryRows, rawSql, sql, type Sql, type TenantScope, where } from '@landbridge/common';
import { DataSource } from 'typeorm';
import type { AnalyticsPeriod, BorderDwellStatDto, TransitTimeDto } from './analytics.dto.js';

/** Which arrived trains: departed within [from, to] (China Standard Time days), of one exporter's or all. */
export interface TransitFilter {
  from?: string;
  to?: string;
  groupBy: AnalyticsPeriod;
  routeCode?: string;
}

const LABEL: Record<AnalyticsPeriod, string> = { month: 'YYYY-MM', quarter: 'YYYY-"Q"Q', year: 'YYYY' };

/**
 * Percentiles of transit time and border dwell from `train_transits` (a row per arrived train, written at
 * its arrival): a scan of the trains in the range (index train_transits_departure), never of their events.
 * An exporter's scope is the trains that carried its consignments (GIN index train_transits_exporters).
 */
@Injectable()
export class AnalyticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transitTimes(scope: TenantScope, filter: TransitFilter): Promise<TransitTimeDto[]> {
    return queryRows<TransitTimeDto>(
      this.dataSource,
      sql`SELECT ${period(filter)} AS period, t.route_code AS "routeCode", count(*)::int AS trains,
            ${percentile(0.5, 't.transit_hours')} AS "p50Hours", ${percentile(0.9, 't.transit_hours')} AS "p90Hours"
          FROM train_transits t
          ${where(...conditions(scope, filter), filter.routeCode ? sql`t.route_code = ${filter.routeCode}` : emptySql)}
          GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  }

  borderDwell(scope: TenantScope, filter: TransitFilter): Promise<BorderDwellStatDto[]> {
    return queryRows<BorderDwellStatDto>(
      this.dataSource,
      sql`SELECT ${period(filter)} AS period, t.border_station_code AS "stationCode", count(*)::int AS trains,
            ${percentile(0.5, 't.border_dwell_hours')} AS "p50Hours",
            ${percentile(0.9, 't.border_dwell_hours')} AS "p90Hours"
          FROM train_transits t
          ${where(...conditions(scope, filter), sql`t.border_station_code IS NOT NULL`)}
          GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  }
}

function period(filter: TransitFilter): Sql {
  return sql`to_char(t.departed_at AT TIME ZONE 'Asia/Shanghai', ${LABEL[filter.groupBy]})`;
}

function percentile(level: number, column: string): Sql {
  return sql`round((percentile_cont(${level}::float8) WITHIN GROUP (ORDER BY ${rawSql(column)}))::numeric, 1)::float8`;
}

function conditions(scope: TenantScope, filter: TransitFilter): Sql[] {
  return [
    scope.organizationId === undefined ? emptySql : sql`t.exporter_ids @> ARRAY[${scope.organizationId}::uuid]`,
    filter.from ? sql`t.departed_at >= (${filter.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'` : emptySql,
    filter.to ? sql`t.departed_at < (${filter.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'` : emptySql,
  ];
}
