import { Injectable } from '@nestjs/common';
import { type ExportFigures, ExportFiguresRepository, type PeriodUnit } from './export-figures.repository.js';

/**
 * What left on trains, summed by period of the train's actual departure in China Standard Time: the
 * vehicles that travelled (loaded, not left behind), for all exporters or one. The value is in CNY; values
 * declared in other currencies are summed per currency beside it (never converted, never left out). Read
 * from the daily and monthly figures, where each train is added when it departs.
 */
@Injectable()
export class ExportFiguresService {
  constructor(private readonly figures: ExportFiguresRepository) {}

  /**
   * Departures from `from` (a day, inclusive) to `to` (a day, exclusive), dates in China time: whole
   * months from the monthly figures, the days before the first and after the last whole month from the
   * daily ones. `exporterId` narrows them to one exporter (the reports decide whose figures a caller sees).
   */
  sum(unit: PeriodUnit, from: string, to: string, exporterId?: string): Promise<ExportFigures[]> {
    const firstWhole = from.endsWith('-01') ? from : monthAfter(from);
    const endWhole = to.slice(0, 8) + '01';
    const whole = firstWhole < endWhole;
    return this.figures.sum(
      { unit, from, to, firstWhole: whole ? firstWhole : to, endWhole: whole ? endWhole : to },
      exporterId,
    );
  }
}

/** The first day of the month after `date`'s. */
function monthAfter(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
