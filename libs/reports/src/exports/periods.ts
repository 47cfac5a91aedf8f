import type { PeriodUnit } from '@landbridge/operations';

const MONTHS = { month: 1, quarter: 3, year: 12 } as const;

/** A calendar date (YYYY-MM-DD) as year, month (1–12) and day. */
function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y!, m!, d!];
}

const iso = (y: number, m: number, d = 1) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The first day of the period that contains `date`. */
export function periodStart(date: string, unit: PeriodUnit): string {
  const [y, m] = parts(date);
  return iso(y, m - ((m - 1) % MONTHS[unit]));
}

/** The label of a period: "2024-01", "2024-Q1" or "2024". */
export function periodLabel(start: string, unit: PeriodUnit): string {
  const [y, m] = parts(start);
  if (unit === 'year') return String(y);
  if (unit === 'quarter') return `${y}-Q${(m - 1) / 3 + 1}`;
  return iso(y, m).slice(0, 7);
}

/** The starts of every period from the one containing `from` to the one containing `to`, in order. */
export function periodsBetween(from: string, to: string, unit: PeriodUnit): string[] {
  const starts: string[] = [];
  let [y, m] = parts(periodStart(from, unit));
  const last = periodStart(to, unit);
  for (;;) {
    const start = iso(y, m);
    if (start > last) return starts;
    starts.push(start);
    m += MONTHS[unit];
    if (m > 12) {
      y += 1;
      m -= 12;
    }
  }
}

/** The same calendar date a year earlier (29 February → 28 February). */
export function yearEarlier(date: string): string {
  const [y, m, d] = parts(date);
  return iso(y - 1, m, m === 2 && d === 29 ? 28 : d);
}

/** The day after `date`. */
export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Growth against the base, in percent with one decimal; null when the base had no exports (no growth
 * can be stated). Amounts are decimal strings of at most 14 digits, exact as doubles.
 */
export function growthPct(value: string, base: string | undefined): number | null {
  const before = base === undefined ? 0 : Number(base);
  if (!(before > 0)) return null;
  return Math.round(((Number(value) - before) / before) * 1000) / 10;
}
