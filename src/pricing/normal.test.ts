import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { erfc, normCdf, normCdfWithGaussian, normInv } from './normal.js';

/** Relative error allowed against 30-digit reference values (dimensionless; the tails lose a few ulps to exp). */
const NORMAL_CDF_REL_TOLERANCE = 1e-13;
/** Relative error allowed for the inverse CDF against 30-digit references (dimensionless). */
const NORMAL_INVERSE_REL_TOLERANCE = 1e-14;

describe('normal distribution', () => {
  // Reference values: Phi(x) from mpmath with 30 significant digits.
  const cases: Array<[number, number]> = [
    [0, 0.5],
    [1, 8.41344746068542948585232545632e-1],
    [-1, 1.58655253931457051414767454368e-1],
    [-3, 1.3498980316300945266518147676e-3],
    [-5, 2.86651571879193911673752332875e-7],
    [-10, 7.6198530241605260659733432516e-24],
    [-20, 2.75362411860623369507562278086e-89],
    [-37.5, 4.60535300958195484382796909761e-308],
    [0.3, 6.17911422188952637306528963121e-1],
    [2.5, 9.93790334674223864833021895426e-1],
    // mpmath ncdf, 30 digits: the far tails where deep out-of-the-money options live.
    [-38, 2.88542836006878430835097048157e-316],
    [-30, 4.90671392714818705953380925658e-198],
    [-8, 6.22096057427178412351599517259e-16],
    [-0.1, 0.460172162722971018534595381761],
    [0.6, 0.72574688224992641970563721493],
    [6, 0.999999999013412354962301859299],
    [8.5, 0.999999999999999990520465177797],
  ];
  it.each(cases)('Phi(%d) matches the reference', (x, expected) => {
    const got = normCdf(x);
    expect(Math.abs(got - expected) / expected).toBeLessThan(NORMAL_CDF_REL_TOLERANCE);
  });

  it('erfc is symmetric around 1', () => {
    for (const x of [0.1, 0.5, 0.7, 2, 4.5, 6]) expect(erfc(x) + erfc(-x)).toBeCloseTo(2, 15);
  });

  // Reference quantiles at the exact binary value of each p: mpmath findroot of ncdf(x) = p with 40
  // digits (log ncdf for p = 1e-300).
  const quantiles: Array<[number, number]> = [
    [1e-300, -37.0470962993611992365470425049],
    [1e-20, -9.26234008979840757957209460428],
    [0.001, -3.09023230616781353535800457626],
    [0.02425, -1.97296105131188483760274814279],
    [0.16, -0.994457883209753154050779837913],
    [0.7, 0.52440051270804065631362917607],
    [0.95, 1.64485362695147228427631560354],
    [0.999999, 4.75342430881708776568809703068],
  ];
  it.each(quantiles)('normInv(%d) matches the reference', (p, expected) => {
    expect(Math.abs(normInv(p) - expected) / Math.abs(expected)).toBeLessThan(NORMAL_INVERSE_REL_TOLERANCE);
  });

  it('normInv(0.5) is 0 and normInv inverts normCdf across (0, 1)', () => {
    expect(Math.abs(normInv(0.5))).toBeLessThan(1e-16);
    fc.assert(
      fc.property(fc.double({ min: -37, max: 8, noNaN: true }), (x) => {
        const back = normInv(normCdf(x));
        // The inverse cannot beat the rounding of Phi(x): its relative ulp over the slope phi(x).
        const allowed = (4 * Number.EPSILON * normCdf(x)) / (Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)) + 4 * Number.EPSILON * Math.abs(x);
        return Math.abs(back - x) <= allowed;
      }),
    );
  });

  it('normInv maps the ends to infinities', () => {
    expect(normInv(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normInv(1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('normCdfWithGaussian equals normCdf when given exp(-x^2/2)', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        const direct = normCdf(x);
        const shared = normCdfWithGaussian(x, Math.exp(-0.5 * x * x));
        // Only the caller's exponential differs: about x^2/2 ulps relative.
        return Math.abs(shared - direct) <= (2 + x * x) * Number.EPSILON * direct;
      }),
    );
  });
});
