import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fractionalRanks, RankCorrelationError, spearmanRho } from './rankCorrelation.js';

/** Rank correlations are sums of a few products of small numbers: exact to a few ulps. */
const RHO_TOLERANCE = 1e-12;

describe('fractional ranks', () => {
  it('ranks ascending and gives ties the mean of their positions', () => {
    expect(fractionalRanks([30, 10, 20])).toEqual([3, 1, 2]);
    // 10 and 10 take positions 1 and 2: both rank 1.5; 40, 40, 40 take 4..6: rank 5.
    expect(fractionalRanks([40, 10, 30, 40, 10, 40])).toEqual([5, 1.5, 3, 5, 1.5, 5]);
  });

  it('refuses a value that is not finite, naming it', () => {
    expect(() => fractionalRanks([1, Number.NaN])).toThrow(RankCorrelationError);
    expect(() => fractionalRanks([1, Number.NaN])).toThrow(/value 1 is not a finite number/);
  });
});

describe("Spearman's rho", () => {
  it('matches the textbook formula on a hand-worked case without ties', () => {
    // Ranks 1,2,3,4 against 2,1,4,3: d = -1, 1, -1, 1, sum d^2 = 4; rho = 1 - 6 x 4 / (4 x (16 - 1)) = 0.6.
    expect(spearmanRho([1, 2, 3, 4], [20, 10, 40, 30])).toBeCloseTo(0.6, 12);
    expect(spearmanRho([1, 2, 3, 4, 5], [5, 4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('with ties: the Pearson correlation of the fractional ranks', () => {
    // x ranks 1.5, 1.5, 3, 4 (mean 2.5: deviations -1, -1, 0.5, 1.5); y ranks 1, 2, 3, 4 (-1.5, -0.5, 0.5, 1.5).
    // Sxy = 1.5 + 0.5 + 0.25 + 2.25 = 4.5; Sxx = 1 + 1 + 0.25 + 2.25 = 4.5; Syy = 5; rho = 4.5 / sqrt(22.5) = 0.948683.
    expect(spearmanRho([7, 7, 8, 9], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
  });

  it('is undefined for fewer than three pairs or a constant sample; refuses samples of different lengths', () => {
    expect(spearmanRho([1, 2], [2, 1])).toBeUndefined();
    expect(spearmanRho([3, 3, 3], [1, 2, 3])).toBeUndefined();
    expect(() => spearmanRho([1, 2, 3], [1, 2])).toThrow(/differ in length/);
  });

  it('property: in [-1, 1], symmetric, and unchanged by any increasing transform of either sample', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 3, maxLength: 30 }), (pairs) => {
        const x = pairs.map((p) => p[0]);
        const y = pairs.map((p) => p[1]);
        const rho = spearmanRho(x, y);
        if (rho === undefined) return true;
        const transformed = spearmanRho(x.map((v) => Math.exp(v / 10)), y.map((v) => v * 3 + 7));
        return rho >= -1 - RHO_TOLERANCE && rho <= 1 + RHO_TOLERANCE && Math.abs((spearmanRho(y, x) as number) - rho) < RHO_TOLERANCE && Math.abs((transformed as number) - rho) < RHO_TOLERANCE;
      }),
    );
  });
});
