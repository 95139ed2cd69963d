import { describe, expect, it } from 'vitest';
import { erfc, normCdf } from './normal.js';

/** Relative error allowed against 30-digit reference values (dimensionless; the tails lose a few ulps to exp). */
const NORMAL_CDF_REL_TOLERANCE = 1e-13;

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
  ];
  it.each(cases)('Phi(%d) matches the reference', (x, expected) => {
    const got = normCdf(x);
    expect(Math.abs(got - expected) / expected).toBeLessThan(NORMAL_CDF_REL_TOLERANCE);
  });

  it('erfc is symmetric around 1', () => {
    for (const x of [0.1, 0.5, 0.7, 2, 4.5, 6]) expect(erfc(x) + erfc(-x)).toBeCloseTo(2, 15);
  });
});
