import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPX_MODEL_CONFIG } from './config.js';
import { smileTotalVariance, smileVarianceRatio, smileVarianceRatioSlope } from './smile.js';
import { smileShapeOf } from './surface.js';

const SHAPE = smileShapeOf(DEFAULT_SPX_MODEL_CONFIG);
/** Central-difference step in z and the tolerance of the slope check (ratio units per unit z). */
const FD_STEP_Z = 1e-5;
const FD_TOLERANCE = 1e-7;

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
});
