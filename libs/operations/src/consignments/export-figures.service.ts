import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

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

/**
 * What left on trains, summed by period of the train's actual departure in China Standard Time: the
 * vehicles that travelled (loaded, not left behind), for all exporters or one. Values declared in another
 * currency than CNY count as vehicles but not in the value. Read from `export_figures_daily`, where each
 * train is added when it departs.
 */
@Injectable()
export class ExportFiguresService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Departures from `from` (a day, inclusive) to `to` (a day, exclusive), dates in China time: whole
   * months from the monthly figures, the days before the first and after the last whole month from the
   * daily ones.
   */
  async sum(unit: PeriodUnit, from: string, to: string, exporterId?: string): Promise<ExportFigures[]> {
    const firstWhole = from.endsWith('-01') ? from : monthAfter(from);
    const endWhole = to.slice(0, 8) + '01';
    const whole = firstWhole < endWhole;
    const params: unknown[] = [unit, from, to, whole ? firstWhole : to, whole ? endWhole : to];
    let exporter = '';
    if (exporterId) {
      params.push(exporterId);
      exporter = 'AND exporter_id = $6';
    }
    return this.dataSource.query<ExportFigures[]>(
      `SELECT to_char(date_trunc($1, x.day::timestamp), 'YYYY-MM-DD') AS period,
         sum(x.vehicles)::int AS vehicles, sum(x.value)::text AS value,
         sum(x.nev_vehicles)::int AS "nevVehicles", sum(x.nev_value)::text AS "nevValue"
       FROM (
         SELECT month AS day, vehicles, value, nev_vehicles, nev_value FROM export_figures_monthly
         WHERE month >= $4::date AND month < $5::date ${exporter}
         UNION ALL
         SELECT day, vehicles, value, nev_vehicles, nev_value FROM export_figures_daily
         WHERE ((day >= $2::date AND day < $4::date) OR (day >= $5::date AND day < $3::date)) ${exporter}
       ) x
       GROUP BY 1 ORDER BY 1`,
      params,
    );
  }
}

/** The first day of the month after `date`'s. */
function monthAfter(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
