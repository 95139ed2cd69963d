import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPX_MODEL_CONFIG, PUT_WING_SMILE } from './config.js';
import { smileShapeOf, smileTotalVariance, smileVarianceRatio, smileVarianceRatioLowerBound, smileVarianceRatioSlope } from './smile.js';

const SHAPE = smileShapeOf(DEFAULT_SPX_MODEL_CONFIG);
const PUT_WING_CONFIG = { ...DEFAULT_SPX_MODEL_CONFIG, ...PUT_WING_SMILE };
const PUT_WING = smileShapeOf(PUT_WING_CONFIG);
/** Central-difference step in z and the tolerance of the slope check (ratio units per unit z). */
const FD_STEP_Z = 1e-5;
const FD_TOLERANCE = 1e-7;
/** Wing slopes read 100-200 ATM standard deviations out agree with the asymptotic slope to about 1e-4. */
const WING_SLOPE_DIGITS = 3;

describe('smile shape', () => {
  it('is 1 at the money, so the ATM level comes only from the term structure', () => {
    expect(smileVarianceRatio(SHAPE, 0)).toBe(1);
  });

  it('has the analytic slope (finite-difference check)', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (z) => {
        const fd = (smileVarianceRatio(SHAPE, z + FD_STEP_Z) - smileVarianceRatio(SHAPE, z - FD_STEP_Z)) / (2 * FD_STEP_Z);
        expect(Math.abs(fd - smileVarianceRatioSlope(SHAPE, z))).toBeLessThan(FD_TOLERANCE);
      }),
      { seed: 7 },
    );
  });

  it('puts are richer than calls at the same |z| (negative skew)', () => {
    for (const z of [0.5, 1, 2, 4]) expect(smileVarianceRatio(SHAPE, -z)).toBeGreaterThan(smileVarianceRatio(SHAPE, z));
  });

  it('keeps w(k) increasing in the ATM variance at fixed k (m - z m\'/2 > 0), the calendar condition', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (z) => {
        expect(smileVarianceRatio(SHAPE, z) - 0.5 * z * smileVarianceRatioSlope(SHAPE, z)).toBeGreaterThan(0);
      }),
      { seed: 11 },
    );
  });

  it('stays positive and inside Lee\'s moment bound w(k) <= 2|k| far out, up to 150 % ATM vol over 400 days', () => {
    const atmTotalVariance = 1.5 ** 2 * (400 / 365);
    for (const k of [-20, -10, 10, 20]) {
      const w = smileTotalVariance(SHAPE, atmTotalVariance, k);
      expect(w).toBeGreaterThan(0);
      expect(w / Math.abs(k)).toBeLessThan(2);
    }
  });

  // The far put tail of PUT_WING_SMILE makes its put wing steeper than the SVI wing alone: at 150 % ATM
  // vol over 400 days w/|k| reaches 2.2 at k = -20, beyond Lee's bound; no 6-month index on record came
  // near 100 % (VIX6M's highest close is about 58 %).
  it('with PUT_WING_SMILE stays positive and inside Lee\'s bound up to 100 % ATM vol over 400 days', () => {
    const atmTotalVariance = 1.0 ** 2 * (400 / 365);
    for (const k of [-20, -10, 10, 20]) {
      const w = smileTotalVariance(PUT_WING, atmTotalVariance, k);
      expect(w).toBeGreaterThan(0);
      expect(w / Math.abs(k)).toBeLessThan(2);
    }
  });

  it('with skewLevelMoves put-wing moves only the put wing with the skew level: the call wing keeps its fitted slope', () => {
    // Far from the money each wing is linear in |z|; its slope is read by a wide difference.
    const wingSlope = (shape: typeof SHAPE, side: 1 | -1) => (smileVarianceRatio(shape, side * 200) - smileVarianceRatio(shape, side * 100)) / 100;
    const c = PUT_WING_CONFIG;
    const callSlope = c.smileWingSlopePerZ * (1 + c.smileSkewRho);
    const putSlope = c.smileWingSlopePerZ * (1 - c.smileSkewRho);
    for (const level of [0.3, 1, 1.7, 2.5]) {
      const shape = smileShapeOf(c, level);
      expect(smileVarianceRatio(shape, 0)).toBe(1);
      expect(wingSlope(shape, 1)).toBeCloseTo(callSlope, WING_SLOPE_DIGITS);
      // The put side: the SVI wing times the level, plus the far tail's own slope (not moved by the level).
      expect(wingSlope(shape, -1)).toBeCloseTo(putSlope * level + c.smilePutTailSlopePerZ, WING_SLOPE_DIGITS);
    }
    // Both wings together (the previous model) scales the call wing too.
    const both = smileShapeOf({ ...c, skewLevelMoves: 'both-wings' }, 2);
    expect(wingSlope(both, 1)).toBeCloseTo(2 * callSlope, WING_SLOPE_DIGITS);
  });

  it('has a far put tail that adds its slope below z0 and almost nothing above', () => {
    const c = PUT_WING_CONFIG;
    const noTail = { ...PUT_WING, putTailSlopePerZ: 0 };
    expect(smileVarianceRatio(PUT_WING, 0)).toBe(1);
    // Above the money the hinge adds beta (g(z - z0) - g(-z0)), g(4.5) = (sqrt(4.5^2 + 1) - 4.5) / 2 = 0.054: 0.04 at most.
    expect(Math.abs(smileVarianceRatio(PUT_WING, 2) - smileVarianceRatio(noTail, 2))).toBeLessThan(0.04);
    // Ten ATM standard deviations below z0 the tail adds beta * (|z - z0| + small).
    const z = c.smilePutTailStartZ - 10;
    expect(smileVarianceRatio(PUT_WING, z) - smileVarianceRatio(noTail, z)).toBeCloseTo(c.smilePutTailSlopePerZ * 10, 1);
  });

  it('has the analytic slope with the far put tail too (finite-difference check)', () => {
    fc.assert(
      fc.property(fc.double({ min: -12, max: 8, noNaN: true }), (z) => {
        const fd = (smileVarianceRatio(PUT_WING, z + FD_STEP_Z) - smileVarianceRatio(PUT_WING, z - FD_STEP_Z)) / (2 * FD_STEP_Z);
        expect(Math.abs(fd - smileVarianceRatioSlope(PUT_WING, z))).toBeLessThan(FD_TOLERANCE);
      }),
      { seed: 13 },
    );
  });

  it('has a lower bound that no z goes under, reached exactly without a far put tail', () => {
    // A z grid from -30 to 30 in steps of 0.01 finds the minimum of the smooth m(z) to about 1e-5.
    const gridMin = (shape: typeof SHAPE) => {
      let min = Number.POSITIVE_INFINITY;
      for (let i = -3000; i <= 3000; i++) min = Math.min(min, smileVarianceRatio(shape, i / 100));
      return min;
    };
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        fc.double({ min: -0.95, max: 0.95, noNaN: true }),
        fc.double({ min: 0.1, max: 6, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (eta, rho, zeta, beta) => {
          const plain = { wingSlopePerZ: eta, skewRho: rho, smoothingZ: zeta };
          const bound = smileVarianceRatioLowerBound(plain);
          // Exact without a tail: m at z* is the bound, and the grid finds nothing lower.
          expect(smileVarianceRatio(plain, bound.atZ)).toBeCloseTo(bound.ratio, 12);
          expect(gridMin(plain)).toBeGreaterThanOrEqual(bound.ratio - 1e-12);
          const tailed = { ...plain, putTailSlopePerZ: beta, putTailStartZ: -4.5, putTailSmoothingZ: 1 };
          expect(gridMin(tailed)).toBeGreaterThanOrEqual(smileVarianceRatioLowerBound(tailed).ratio - 1e-12);
        },
      ),
      { seed: 17, numRuns: 60 },
    );
  });

  it('turns negative when eta * zeta * (1 - sqrt(1 - rho^2)) passes 1 (hand check)', () => {
    // The fitted rho -0.7519 and eta 0.5684 with zeta 2.5: sqrt(1 - 0.7519^2) = 0.65928, so the bound is
    // 1 - 0.5684 * 2.5 * 0.34072 = 0.5158 at level 1; at skew level 2.5 (eta 1.421) it is 1 - 2.5 * 0.48416 = -0.2104.
    const c = { ...DEFAULT_SPX_MODEL_CONFIG, smileSmoothingZ: 2.5 };
    expect(smileVarianceRatioLowerBound(smileShapeOf(c, 1)).ratio).toBeCloseTo(0.5158, 4);
    const atMax = smileVarianceRatioLowerBound(smileShapeOf(c, 2.5));
    expect(atMax.ratio).toBeCloseTo(-0.2104, 4);
    // Where: z* = -rho zeta / sqrt(1 - rho^2) = 0.7519 * 2.5 / 0.65928 = 2.851, a call about 2.9 ATM deviations out.
    expect(atMax.atZ).toBeCloseTo(2.851, 3);
    expect(smileVarianceRatio(smileShapeOf(c, 2.5), atMax.atZ)).toBeLessThan(0);
    // The fitted shape keeps a positive variance at every level up to skewLevelMax: 1 - 2.5 * 0.5684 * 1.2857 * 0.34072 = 0.3775.
    expect(smileVarianceRatioLowerBound(smileShapeOf(DEFAULT_SPX_MODEL_CONFIG, DEFAULT_SPX_MODEL_CONFIG.skewLevelMax)).ratio).toBeCloseTo(0.3775, 4);
  });
});
