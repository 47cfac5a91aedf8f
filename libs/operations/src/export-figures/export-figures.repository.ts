import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { emptySql, execute, queryRows, sql, type Sql } from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';

export type PeriodUnit = 'month' | 'quarter' | 'year';

/** Vehicles exported in one period (China time): counts, and declared values in CNY as decimal strings. */
export interface ExportFigures {
  /** First day of the period, YYYY-MM-DD. */
  period: string;
  vehicles: number;
  value: string;
  nevVehicles: number;
  nevValue: string;
}

/** Departure days `[from, to)` read as whole months `[firstWhole, endWhole)` and the days either side. */
export interface FiguresRange {
  unit: PeriodUnit;
  from: string;
  to: string;
  firstWhole: string;
  endWhole: string;
}

/**
 * Adds what each exporter sent on the given trains (ids; departed, each counted once: when it departs) to
 * the figures of its day and month of departure in China time. What left cannot change after.
 */
function addTrainExports(trainIds: readonly string[]): Sql {
  return sql`
  WITH sent AS (
    SELECT (t.departed_at AT TIME ZONE 'Asia/Shanghai')::date AS day, c.exporter_id, count(*)::int AS vehicles,
      COALESCE(sum(v.declared_value_amount) FILTER (WHERE v.declared_value_currency = 'CNY'), 0) AS value,
      (count(*) FILTER (WHERE v.powertrain IN ('BEV', 'PHEV', 'FCEV')))::int AS nev_vehicles,
      COALESCE(sum(v.declared_value_amount)
        FILTER (WHERE v.powertrain IN ('BEV', 'PHEV', 'FCEV') AND v.declared_value_currency = 'CNY'), 0) AS nev_value
    FROM trains t
    JOIN consignments c ON c.train_id = t.id
    JOIN vehicles v ON v.consignment_id = c.id
    WHERE t.id = ANY(${trainIds}) AND t.departed_at IS NOT NULL AND v.status NOT IN ('booked', 'cancelled')
    GROUP BY 1, 2
  ),
  daily AS (
    INSERT INTO export_figures_daily AS f (day, exporter_id, vehicles, value, nev_vehicles, nev_value)
    SELECT day, exporter_id, vehicles, value, nev_vehicles, nev_value FROM sent
    ON CONFLICT (day, exporter_id) DO UPDATE SET
      vehicles = f.vehicles + EXCLUDED.vehicles, value = f.value + EXCLUDED.value,
      nev_vehicles = f.nev_vehicles + EXCLUDED.nev_vehicles, nev_value = f.nev_value + EXCLUDED.nev_value
  )
  INSERT INTO export_figures_monthly AS f (month, exporter_id, vehicles, value, nev_vehicles, nev_value)
  SELECT date_trunc('month', day)::date, exporter_id, sum(vehicles), sum(value), sum(nev_vehicles), sum(nev_value)
  FROM sent GROUP BY 1, 2
  ON CONFLICT (month, exporter_id) DO UPDATE SET
    vehicles = f.vehicles + EXCLUDED.vehicles, value = f.value + EXCLUDED.value,
    nev_vehicles = f.nev_vehicles + EXCLUDED.nev_vehicles, nev_value = f.nev_value + EXCLUDED.nev_value`;
}

/**
 * The statement that adds departed trains to the export figures, as text whose `$1` is the array of train
 * ids: for the demo loader, which writes trains in bulk with a client of its own.
 */
export const ADD_TRAIN_EXPORTS = addTrainExports([]).text;

/** `export_figures_daily` and `export_figures_monthly`: what left on trains, by day and month of departure. */
@Injectable()
export class ExportFiguresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds the trains (departed in this transaction) to the figures of their day and month of departure. */
  async addDepartedTrains(em: EntityManager, trainIds: readonly string[]): Promise<void> {
    await execute(em, addTrainExports(trainIds));
  }

  /** The figures by period: whole months from the monthly table, the days either side from the daily one. */
  sum(range: FiguresRange, exporterId: string | undefined): Promise<ExportFigures[]> {
    const { unit, from, to, firstWhole, endWhole } = range;
    const exporter = exporterId ? sql`AND exporter_id = ${exporterId}` : emptySql;
    return queryRows<ExportFigures>(
      this.dataSource,
      sql`SELECT to_char(date_trunc(${unit}, x.day::timestamp), 'YYYY-MM-DD') AS period,
            sum(x.vehicles)::int AS vehicles, sum(x.value)::text AS value,
            sum(x.nev_vehicles)::int AS "nevVehicles", sum(x.nev_value)::text AS "nevValue"
          FROM (
            SELECT month AS day, vehicles, value, nev_vehicles, nev_value FROM export_figures_monthly
            WHERE month >= ${firstWhole}::date AND month < ${endWhole}::date ${exporter}
            UNION ALL
            SELECT day, vehicles, value, nev_vehicles, nev_value FROM export_figures_daily
            WHERE ((day >= ${from}::date AND day < ${firstWhole}::date) OR (day >= ${endWhole}::date AND day < ${to}::date))
              ${exporter}
          ) x
          GROUP BY 1 ORDER BY 1`,
    );
  }
}
