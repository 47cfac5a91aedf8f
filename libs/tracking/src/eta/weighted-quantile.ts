/** A value and how much it counts. */
export interface Weighted {
  value: number;
  weight: number;
}

/**
 * The weighted empirical quantile at level `q` (0–1): the smallest value whose share of the total weight,
 * counting it and everything below it, reaches `q`. Scaling every weight by the same factor, or
 * repeating every sample, changes nothing. NaN when nothing has weight.
 */
export function weightedQuantile(samples: readonly Weighted[], q: number): number {
  return weightedQuantiles(samples, [q])[0]!;
}

/** `weightedQuantile` at several levels (each 0–1, in any order), sorting once. */
export function weightedQuantiles(samples: readonly Weighted[], levels: readonly number[]): number[] {
  const sorted = samples.filter((s) => s.weight > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, s) => sum + s.weight, 0);
  if (!(total > 0)) return levels.map(() => NaN);
  return levels.map((q) => {
    // A relative tolerance, so that rounding in the running sum never skips the value that reaches q.
    const wanted = q * total * (1 - 1e-12);
    let running = 0;
    for (const s of sorted) {
      running += s.weight;
      if (running >= wanted) return s.value;
    }
    return sorted.at(-1)!.value;
  });
}
