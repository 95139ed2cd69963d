import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXP_NON_POSITIVE_MAX_ULPS, LOG_POSITIVE_MAX_ULPS, expNonPositive, logPositive } from './batchMath.js';

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

/** Math.log (fdlibm) is itself within 1 ulp of the exact value. */
const MATH_LOG_MAX_ULPS = 1;

describe('logPositive', () => {
  // ln of the double nearest each argument, from mpmath with 300-bit precision (25 digits shown).
  const references: Array<[number, number]> = [
    [1e-300, -690.7755278982137051803383],
    [2.2250738585072014e-308, -708.3964185322641062244112],
    [0.75, -0.287682072451780927439219],
    [0.7, -0.3566749439387324423539544],
    [0.9921875, -0.007843177461025892873184042],
    [0.99999999, -1.000000010024759358910343e-8],
    [1.0000000001, 1.000000082690370990819669e-10],
    [1.015625, 0.01550418653596525415085405],
    [1.4999, 0.4053984392191767300612549],
    [1.5, 0.4054651081081643819780131],
    [2, 0.6931471805599453094172321],
    [3.3, 1.193922468472434497610202],
    [1e10, 23.02585092994045684017991],
    [1.7976931348623157e308, 709.7827128933839967322234],
  ];
  it.each(references)('ln(%d) matches the 300-bit reference', (m, expected) => {
    expect(Math.abs(logPositive(m) - expected) / Math.abs(expected)).toBeLessThanOrEqual(LOG_POSITIVE_MAX_ULPS * ULP_RELATIVE);
  });

  it('is exactly 0 at 1 and hands zero, subnormals, infinity and NaN to Math.log', () => {
    expect(logPositive(1)).toBe(0);
    for (const m of [0, 5e-324, 1e-310, Number.POSITIVE_INFINITY, Number.NaN, -1]) expect(Object.is(logPositive(m), Math.log(m))).toBe(true);
  });

  it('agrees with Math.log in relative terms, also next to 1 where the logarithm is tiny', () => {
    const nearOne = fc.double({ min: -1e-3, max: 1e-3, noNaN: true }).map((e) => 1 + e);
    const anywhere = fc.double({ min: SMALLEST_NORMAL, max: Number.MAX_VALUE, noNaN: true });
    const chainLike = fc.double({ min: 0.2, max: 5, noNaN: true });
    fc.assert(
      fc.property(fc.oneof(nearOne, anywhere, chainLike), (m) => {
        const reference = Math.log(m);
        return Math.abs(logPositive(m) - reference) <= (LOG_POSITIVE_MAX_ULPS + MATH_LOG_MAX_ULPS) * ULP_RELATIVE * Math.abs(reference);
      }),
      { numRuns: 30_000 },
    );
  });
});
