import fc from 'fast-check';
import { weightedQuantile, weightedQuantiles } from './weighted-quantile.js';

const samples = fc.array(
  fc.record({
    value: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    weight: fc.double({ min: 0.001, max: 100, noNaN: true }),
  }),
  { minLength: 1, maxLength: 40 },
);

describe('weightedQuantile', () => {
  it('with equal weights is the order statistic: the ⌈q·n⌉-th smallest', () => {
    const values = [7, 1, 5, 3, 9].map((value) => ({ value, weight: 1 }));
    expect(weightedQuantiles(values, [0, 0.2, 0.21, 0.5, 0.8, 1])).toEqual([1, 1, 3, 5, 7, 9]);
  });

  it('follows the weights: a heavy sample pulls the median to it', () => {
    expect(
      weightedQuantile(
        [
          { value: 10, weight: 1 },
          { value: 20, weight: 1 },
          { value: 30, weight: 5 },
        ],
        0.5,
      ),
    ).toBe(30);
  });

  it('is NaN when nothing has weight', () => {
    expect(weightedQuantile([], 0.5)).toBeNaN();
    expect(weightedQuantile([{ value: 1, weight: 0 }], 0.5)).toBeNaN();
  });

  it('never decreases with the level and stays within the samples', () => {
    fc.assert(
      fc.property(
        samples,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (s, a, b) => {
          const [low, high] = weightedQuantiles(s, [Math.min(a, b), Math.max(a, b)]);
          const values = s.map((x) => x.value);
          expect(low).toBeLessThanOrEqual(high!);
          expect(low).toBeGreaterThanOrEqual(Math.min(...values));
          expect(high).toBeLessThanOrEqual(Math.max(...values));
        },
      ),
    );
  });

  it('does not change when every weight is scaled or every sample repeated', () => {
    fc.assert(
      fc.property(samples, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 2, max: 5 }), (s, q, k) => {
        const base = weightedQuantile(s, q);
        expect(
          weightedQuantile(
            s.map((x) => ({ ...x, weight: x.weight * k })),
            q,
          ),
        ).toBe(base);
        expect(weightedQuantile(Array.from({ length: k }, () => s).flat(), q)).toBe(base);
      }),
    );
  });
});
