import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPX_MODEL_CONFIG } from './config.js';
import { stripTermVariance, type StripTermOutcome } from './stripIndex.js';
import { smileShapeOf } from './smile.js';
import { gaussLegendreRule, tabulateOverAtmVariance, varianceSwapTotalVariance } from './varianceSwap.js';

/** Rounding slack of a Gauss-Legendre sum of O(1) terms (dimensionless). */
const QUADRATURE_ROUNDING_TOLERANCE = 1e-12;
/** Relative slack of V against a closed form or a reference integral (dimensionless). */
const VARIANCE_RELATIVE_TOLERANCE = 1e-9;
/** The table against direct quadrature, relative: far below the strip bias the calibration divides out (about 1e-3). */
const TABLE_RELATIVE_TOLERANCE = 1e-6;
/** A strip 50 times finer than the model's, cut at a price 1e-6 of the default: its index against the integral (relative). */
const FINE_STRIP_RELATIVE_TOLERANCE = 1e-4;

const shape = smileShapeOf(DEFAULT_SPX_MODEL_CONFIG);
const wideQuadrature = { rule: gaussLegendreRule(48), maxAbsZ: 30 };

describe('gaussLegendreRule', () => {
  it('has the tabulated two- and three-point rules (Abramowitz and Stegun, table 25.4)', () => {
    const two = gaussLegendreRule(2);
    expect(two.nodes[1]).toBeCloseTo(1 / Math.sqrt(3), 15);
    expect(two.weights[0]).toBeCloseTo(1, 15);
    const three = gaussLegendreRule(3);
    expect(three.nodes[0]).toBeCloseTo(-Math.sqrt(0.6), 15);
    expect(three.nodes[1]).toBe(0);
    expect(three.nodes[2]).toBeCloseTo(Math.sqrt(0.6), 15);
    expect(three.weights[1]).toBeCloseTo(8 / 9, 14);
    expect(three.weights[0]).toBeCloseTo(5 / 9, 14);
  });

  it('integrates every polynomial of degree 2n - 1 exactly on [-1, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 48 }), (points, raw) => {
        const coefficients = raw.slice(0, 2 * points);
        const { nodes, weights } = gaussLegendreRule(points);
        let quadrature = 0;
        for (let i = 0; i < points; i++) {
          const x = nodes[i] as number;
          quadrature += (weights[i] as number) * coefficients.reduce((sum, c, power) => sum + c * x ** power, 0);
        }
        // The integral of x^p over [-1, 1] is 2 / (p + 1) for even p and 0 for odd p.
        const exact = coefficients.reduce((sum, c, power) => sum + (power % 2 === 0 ? (2 * c) / (power + 1) : 0), 0);
        expect(Math.abs(quadrature - exact)).toBeLessThan(QUADRATURE_ROUNDING_TOLERANCE * coefficients.length);
      }),
    );
  });

  it('rejects a point count that is not a positive integer', () => {
    expect(() => gaussLegendreRule(0)).toThrow(RangeError);
    expect(() => gaussLegendreRule(2.5)).toThrow(RangeError);
  });
});

describe('varianceSwapTotalVariance', () => {
  it('is the ATM total variance on a flat smile: a log contract on a lognormal forward (Demeterfi et al. 1999)', () => {
    const flat = { wingSlopePerZ: 0, skewRho: 0, smoothingZ: 1 };
    for (const atmVariance of [1e-4, 0.003, 0.04, 0.5]) {
      const v = varianceSwapTotalVariance(flat, atmVariance, wideQuadrature);
      expect(Math.abs(v / atmVariance - 1)).toBeLessThan(VARIANCE_RELATIVE_TOLERANCE);
    }
  });

  it('is above the ATM variance on the model skew, and grows with A', () => {
    let previous = 0;
    for (const atmVariance of [1e-4, 1e-3, 0.01, 0.05, 0.2]) {
      const v = varianceSwapTotalVariance(shape, atmVariance, wideQuadrature);
      expect(v).toBeGreaterThan(atmVariance);
      expect(v).toBeGreaterThan(previous);
      previous = v;
    }
  });

  it('is the limit of the Cboe sum over a fine, deep strip of the same smile', () => {
    for (const atmVariance of [0.0004, 0.004, 0.03]) {
      const timeYears = 30 / 365;
      const forward = 1000;
      const stripVariance = stripTermVariance(
        {
          shape,
          timeYears,
          rateDecimal: 0,
          forward,
          discountFactor: 1,
          atmTotalVariance: atmVariance,
          strikeStepPoints: forward * 0.00004,
          minPricePoints: forward * 2e-11,
        },
        { failure: undefined } satisfies StripTermOutcome,
      );
      if (stripVariance === undefined) throw new Error('fine strip failed');
      const v = varianceSwapTotalVariance(shape, atmVariance, wideQuadrature);
      expect(Math.abs((stripVariance * timeYears) / v - 1)).toBeLessThan(FINE_STRIP_RELATIVE_TOLERANCE);
    }
  });
});

describe('tabulateOverAtmVariance', () => {
  const quadrature = { rule: gaussLegendreRule(12), maxAbsZ: 12 };
  const grid = { lnAtmVarianceFrom: Math.log(1e-6), lnAtmVarianceTo: 2, lnAtmVarianceStep: 0.05 };
  const direct = (atmVariance: number) => varianceSwapTotalVariance(shape, atmVariance, quadrature);
  const table = tabulateOverAtmVariance(direct, () => Number.NaN, grid);

  it('reads back the tabulated function between its grid points', () => {
    fc.assert(
      fc.property(fc.double({ min: Math.log(2e-6), max: 1.8, noNaN: true }), (lnA) => {
        const atmVariance = Math.exp(lnA);
        expect(Math.abs(table(atmVariance) / direct(atmVariance) - 1)).toBeLessThan(TABLE_RELATIVE_TOLERANCE);
      }),
    );
  });

  it('answers with the fallback off the grid and next to a point the sample could not give', () => {
    for (const atmVariance of [1e-7, 20]) expect(table(atmVariance)).toBeNaN();
    const holed = tabulateOverAtmVariance((a) => (a > 0.009 && a < 0.011 ? undefined : direct(a)), () => -1, grid);
    expect(holed(0.01)).toBe(-1);
    expect(Math.abs(holed(0.1) / direct(0.1) - 1)).toBeLessThan(TABLE_RELATIVE_TOLERANCE);
  });
});
