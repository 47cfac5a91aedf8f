import { Injectable } from '@nestjs/common';
import { type Caller, isStaff } from '@landbridge/common';
import { type ExportFigures, ExportFiguresService } from '@landbridge/operations';
import type { ExportReportDto, ExportReportQueryDto } from './export-report.dto.js';
import { OtherExporterFiguresError } from './export-report-errors.js';
import { growthPct, nextDay, periodLabel, periodsBetween, yearEarlier } from './periods.js';
import { checkReportRange } from './report-range.js';

/**
 * Value and count of exported vehicles by period of departure (China Standard Time), with the new-energy
 * share and growth against the same stretch of the year before. Every period of the range is listed,
 * empty ones too, so a chart has no gaps. Values are in CNY; what was declared in other currencies is
 * listed beside them per currency (`otherValues`), unconverted, rather than dropped. Growth compares CNY.
 */
@Injectable()
export class ExportReportService {
  constructor(private readonly figures: ExportFiguresService) {}

  async report(caller: Caller, query: ExportReportQueryDto): Promise<ExportReportDto> {
    checkReportRange(query.from, query.to);
    const exporterId = this.exporterOf(caller, query.exporterId);
    const unit = query.groupBy;
    const to = nextDay(query.to);
    // The base is the same stretch a year earlier (so a part-month compares with the same part).
    const [current, base] = await Promise.all([
      this.figures.sum(unit, query.from, to, exporterId),
      this.figures.sum(unit, yearEarlier(query.from), yearEarlier(to), exporterId),
    ]);
    const byPeriod = (rows: ExportFigures[]) => new Map(rows.map((row) => [row.period, row]));
    const now = byPeriod(current);
    const before = byPeriod(base);
    return {
      items: periodsBetween(query.from, query.to, unit).map((start) => {
        const row = now.get(start);
        const previous = before.get(yearEarlier(start));
        const value = row?.value ?? '0';
        const nevValue = row?.nevValue ?? '0';
        return {
          period: periodLabel(start, unit),
          vehicles: row?.vehicles ?? 0,
          value: { amount: toMoney(value), currency: 'CNY' as const },
          nevVehicles: row?.nevVehicles ?? 0,
          nevValue: { amount: toMoney(nevValue), currency: 'CNY' as const },
          valueYoYPct: growthPct(value, previous?.value),
          nevValueYoYPct: growthPct(nevValue, previous?.nevValue),
          otherValues: (row?.otherValues ?? []).map((sum) => ({ amount: toMoney(sum.amount), currency: sum.currency })),
        };
      }),
    };
  }

  private exporterOf(caller: Caller, requested: string | undefined): string | undefined {
    if (isStaff(caller)) return requested;
    if (requested !== undefined && requested !== caller.organizationId) throw new OtherExporterFiguresError(requested);
    return caller.organizationId;
  }
}

/** Two decimals, as every amount of the contract. */
function toMoney(amount: string): string {
  const [whole, fraction = ''] = amount.split('.');
  return `${whole}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}
