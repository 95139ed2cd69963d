import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXP_NON_POSITIVE_MAX_ULPS, expNonPositive } from './expNonPositive.js';

/** Relative size of one unit in the last place (an upper bound for a normal double). */
const ULP_RELATIVE = Number.EPSILON;
/** Math.exp (fdlibm) is itself within 1 ulp of the exact value. */
const MATH_EXP_MAX_ULPS = 1;
/** Smallest positive normal double: below it results are subnormal and carry fewer bits. */
const SMALLEST_NORMAL = 2.2250738585072014e-308;
/** Smallest positive subnormal double (one unit in the last place of every subnormal). */
const SMALLEST_SUBNORMAL = 5e-324;

describe('expNonPositive', () => {
  // exp of the double nearest each argument, from mpmath with 300-bit precision (25 digits shown).
  const references: Array<[number, number]> = [
    [-1e-12, 0.9999999999990000000000005],
    [-0.0108, 0.9892581106136481599666323],
    [-0.5, 0.6065306597126334236037995],
    [-1, 0.3678794411714423215955238],
    [-2.302585092994046, 0.09999999999999997829243777],
    [-12.75, 0.000002902320408650403885636985],
    [-37.5, 5.175555005801868534851091e-17],
    [-100, 3.720075976020835962959696e-44],
    [-333.3, 1.776843515321718632323114e-145],
    [-600, 2.650396553004310816338679e-261],
    [-708.3, 2.450295530965988337463135e-308],
  ];
  it.each(references)('exp(%d) matches the 300-bit reference', (x, expected) => {
    expect(Math.abs(expNonPositive(x) - expected) / expected).toBeLessThanOrEqual(EXP_NON_POSITIVE_MAX_ULPS * ULP_RELATIVE);
  });

  it('is exact at 0 and underflows to 0 where Math.exp does', () => {
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-0)).toBe(1);
    for (const x of [-746, -800, -1e6, Number.NEGATIVE_INFINITY]) expect(expNonPositive(x)).toBe(0);
  });

  it('agrees with Math.exp across the normal range', () => {
    fc.assert(
      fc.property(fc.double({ min: -708, max: 0, noNaN: true }), (x) => {
        const reference = Math.exp(x);
        return Math.abs(expNonPositive(x) - reference) <= (EXP_NON_POSITIVE_MAX_ULPS + MATH_EXP_MAX_ULPS) * ULP_RELATIVE * reference;
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with Math.exp to a subnormal unit or two where the result is subnormal', () => {
    fc.assert(
      fc.property(fc.double({ min: -746, max: -708.4, noNaN: true }), (x) => {
        const reference = Math.exp(x);
        expect(reference < SMALLEST_NORMAL).toBe(true);
        return Math.abs(expNonPositive(x) - reference) <= 2 * SMALLEST_SUBNORMAL;
      }),
    );
  });
});
