/**
 * Declared value of Henan's vehicle exports by month of departure, in CNY, so that the report gives the
 * provincial figures: 12.51 bn in 2022, 25.83 bn in 2023 (+106.5 %), 5.5 bn in January–February 2024
 * (+60 % on 3.4375 bn a year before) of which 1.8 bn new-energy (+300 % on 0.45 bn). Within a year the
 * months rise with the trade; March 2024 continues the trend.
 */
export interface MonthTarget {
  /** YYYY-MM */
  month: string;
  /** Whole yuan. */
  value: number;
  /** Of which new-energy vehicles (BEV, PHEV, FCEV). */
  nevValue: number;
}

const BN = 1_000_000_000;

function spread(total: number, months: string[], nevShare: number, rise = 0.06): MonthTarget[] {
  const weights = months.map((_, i) => 1 + i * rise);
  const sum = weights.reduce((a, b) => a + b, 0);
  let left = total;
  return months.map((month, i) => {
    const value = i === months.length - 1 ? left : Math.round((total * weights[i]!) / sum);
    left -= value;
    return { month, value, nevValue: Math.round(value * nevShare) };
  });
}

const monthsOf = (year: number, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}`);

export const DEMO_TARGETS: MonthTarget[] = [
  ...spread(12.51 * BN, monthsOf(2022, 1, 12), 0.12),
  { month: '2023-01', value: 1.6375 * BN, nevValue: 0.2 * BN },
  { month: '2023-02', value: 1.8 * BN, nevValue: 0.25 * BN },
  ...spread(25.83 * BN - 3.4375 * BN, monthsOf(2023, 3, 12), 0.22, 0.05),
  { month: '2024-01', value: 2.6 * BN, nevValue: 0.85 * BN },
  { month: '2024-02', value: 2.9 * BN, nevValue: 0.95 * BN },
  { month: '2024-03', value: 3.1 * BN, nevValue: 1.05 * BN },
];
