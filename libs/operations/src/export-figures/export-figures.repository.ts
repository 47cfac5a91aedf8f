import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { emptySql, execute, queryRows, rawSql, sql, type Sql } from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';

export type PeriodUnit = 'month' | 'quarter' | 'year';

/** A sum of money in one currency: the amount a decimal string. */
interface MoneySum {
  amount: string;
  currency: string;
}

/** Vehicles exported in one period (China time): counts, and declared values in CNY as decimal strings. */
export interface ExportFigures {
  /** First day of the period, YYYY-MM-DD. */
  period: string;
  vehicles: number;
  value: string;
  nevVehicles: number;
  nevValue: string;
  /** The values declared in other currencies than CNY, one sum per currency, by currency; [] when none. */
  otherValues: MoneySum[];
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
 * the figures of its day and month of departure in China time, and the values it declared in other
 * currencies than CNY to the other values of that day and month. What left cannot change after.
 */
function addTrainExports(trainIds: readonly string[]): Sql {
  return sql`
  WITH travelled AS (
    SELECT (t.departed_at AT TIME ZONE 'Asia/Shanghai')::date AS day, c.exporter_id,
      v.powertrain IN ('BEV', 'PHEV', 'FCEV') AS nev, v.declared_value_amount AS amount,
      v.declared_value_currency AS currency
    FROM trains t
    JOIN consignments c ON c.train_id = t.id
    JOIN vehicles v ON v.consignment_id = c.id
    WHERE t.id = ANY(${trainIds}) AND t.departed_at IS NOT NULL AND v.status NOT IN ('booked', 'cancelled')
  ),
  sent AS (
    SELECT day, exporter_id, count(*)::int AS vehicles,
      COALESCE(sum(amount) FILTER (WHERE currency = 'CNY'), 0) AS value,
      (count(*) FILTER (WHERE nev))::int AS nev_vehicles,
      COALESCE(sum(amount) FILTER (WHERE nev AND currency = 'CNY'), 0) AS nev_value
    FROM travelled GROUP BY 1, 2
  ),
  sent_in_other_currencies AS (
    SELECT day, exporter_id, currency, sum(amount) AS value FROM travelled WHERE currency <> 'CNY' GROUP BY 1, 2, 3
  ),
  daily AS (
    INSERT INTO export_figures_daily AS f (day, exporter_id, vehicles, value, nev_vehicles, nev_value)
    SELECT day, exporter_id, vehicles, value, nev_vehicles, nev_value FROM sent
    ON CONFLICT (day, exporter_id) DO UPDATE SET
      vehicles = f.vehicles + EXCLUDED.vehicles, value = f.value + EXCLUDED.value,
      nev_vehicles = f.nev_vehicles + EXCLUDED.nev_vehicles, nev_value = f.nev_value + EXCLUDED.nev_value
  ),
  monthly AS (
    INSERT INTO export_figures_monthly AS f (month, exporter_id, vehicles, value, nev_vehicles, nev_value)
    SELECT date_trunc('month', day)::date, exporter_id, sum(vehicles), sum(value), sum(nev_vehicles), sum(nev_value)
    FROM sent GROUP BY 1, 2
    ON CONFLICT (month, exporter_id) DO UPDATE SET
      vehicles = f.vehicles + EXCLUDED.vehicles, value = f.value + EXCLUDED.value,
      nev_vehicles = f.nev_vehicles + EXCLUDED.nev_vehicles, nev_value = f.nev_value + EXCLUDED.nev_value
  ),
  other_daily AS (
    INSERT INTO export_other_values_daily AS o (day, exporter_id, currency, value)
    SELECT day, exporter_id, currency, value FROM sent_in_other_currencies
    ON CONFLICT (day, exporter_id, currency) DO UPDATE SET value = o.value + EXCLUDED.value
  )
  INSERT INTO export_other_values_monthly AS o (month, exporter_id, currency, value)
  SELECT date_trunc('month', day)::date, exporter_id, currency, sum(value) FROM sent_in_other_currencies GROUP BY 1, 2, 3
  ON CONFLICT (month, exporter_id, currency) DO UPDATE SET value = o.value + EXCLUDED.value`;
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

  /**
   * The figures by period: whole months from the monthly tables, the days either side from the daily ones;
   * with each period the sums in other currencies than CNY.
   */
  sum(range: FiguresRange, exporterId: string | undefined): Promise<ExportFigures[]> {
    const { unit, from, to, firstWhole, endWhole } = range;
    const exporter = exporterId ? sql`AND exporter_id = ${exporterId}` : emptySql;
    const wholeMonths = sql`month >= ${firstWhole}::date AND month < ${endWhole}::date ${exporter}`;
    const daysAround = sql`((day >= ${from}::date AND day < ${firstWhole}::date)
      OR (day >= ${endWhole}::date AND day < ${to}::date)) ${exporter}`;
    const periodOf = (day: Sql) => sql`to_char(date_trunc(${unit}, ${day}::timestamp), 'YYYY-MM-DD')`;
    return queryRows<ExportFigures>(
      this.dataSource,
      sql`WITH figures AS (
            SELECT ${periodOf(rawSql('x.day'))} AS period,
              sum(x.vehicles)::int AS vehicles, sum(x.value)::text AS value,
              sum(x.nev_vehicles)::int AS nev_vehicles, sum(x.nev_value)::text AS nev_value
            FROM (
              SELECT month AS day, vehicles, value, nev_vehicles, nev_value FROM export_figures_monthly
              WHERE ${wholeMonths}
              UNION ALL
              SELECT day, vehicles, value, nev_vehicles, nev_value FROM export_figures_daily WHERE ${daysAround}
            ) x
            GROUP BY 1
          ),
          other_values AS (
            SELECT period, json_agg(json_build_object('amount', value::text, 'currency', currency) ORDER BY currency)
              AS sums
            FROM (
              SELECT ${periodOf(rawSql('y.day'))} AS period, y.currency::text AS currency, sum(y.value) AS value
              FROM (
                SELECT month AS day, currency, value FROM export_other_values_monthly WHERE ${wholeMonths}
                UNION ALL
                SELECT day, currency, value FROM export_other_values_daily WHERE ${daysAround}
              ) y
              GROUP BY 1, 2
            ) by_currency
            GROUP BY 1
          )
          SELECT f.period, f.vehicles, f.value, f.nev_vehicles AS "nevVehicles", f.nev_value AS "nevValue",
            COALESCE(o.sums, '[]'::json) AS "otherValues"
          FROM figures f LEFT JOIN other_values o ON o.period = f.period
          ORDER BY f.period`,
    );
  }
}
