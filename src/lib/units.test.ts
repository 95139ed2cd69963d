import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VOL_POINTS_PER_DECIMAL, volDecimalFromPoints, volPointsFromDecimal } from './units.js';

describe('vol points and decimals', () => {
  it('reads an index close as a decimal vol and back (VIX 20.5 is 0.205)', () => {
    expect(VOL_POINTS_PER_DECIMAL).toBe(100);
    expect(volDecimalFromPoints(20.5)).toBe(0.205);
    expect(volPointsFromDecimal(0.25)).toBe(25);
  });

  it('is the same double as dividing or multiplying by 100 written out, for every finite input', () => {
    // The callers replaced literal `/ 100` and `100 *`: a backtest must not move by an ulp.
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(volDecimalFromPoints(x), x / 100)).toBe(true);
        expect(Object.is(volPointsFromDecimal(x), 100 * x)).toBe(true);
      }),
    );
  });
});
