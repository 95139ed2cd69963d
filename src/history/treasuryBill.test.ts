import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { continuousRateFromDiscountYieldPct } from './treasuryBill.js';
import { defaultHistoryConfig } from './historyConfig.js';

const RATE_TOLERANCE_DECIMAL = 1e-12;

describe('continuousRateFromDiscountYieldPct', () => {
  it('matches the bill-price definition at a 5 % discount over 91 days', () => {
    // price = 1 - 0.05 * 91 / 360 = 0.98736111...; r = ln(1 / price) * 365 / 91 (hand-derived).
    const price = 1 - (0.05 * 91) / 360;
    const expected = (Math.log(1 / price) * 365) / 91;
    const result = continuousRateFromDiscountYieldPct(5, defaultHistoryConfig);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value).toBeCloseTo(expected, 12);
      // Known magnitude: a 5 % discount yield is about a 5.10 % continuous rate.
      expect(Math.abs(result.value - 0.05102)).toBeLessThan(1e-4);
    }
  });

  it('agrees with the bond-equivalent yield compounded continuously', () => {
    const d = 0.0024;
    const price = 1 - (d * 91) / 360;
    const bondEquivalentYield = ((1 / price - 1) * 365) / 91;
    const viaBey = Math.log1p((bondEquivalentYield * 91) / 365) / (91 / 365);
    const result = continuousRateFromDiscountYieldPct(0.24, defaultHistoryConfig);
    expect(result.ok && Math.abs(result.value - viaBey)).toBeLessThan(RATE_TOLERANCE_DECIMAL);
  });

  it('is zero at zero and always above the discount yield for positive yields', () => {
    const zero = continuousRateFromDiscountYieldPct(0, defaultHistoryConfig);
    expect(zero.ok && zero.value).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 20, noNaN: true }), (pct) => {
        const r = continuousRateFromDiscountYieldPct(pct, defaultHistoryConfig);
        return r.ok && r.value > pct / 100;
      }),
    );
  });

  it('returns a typed error when the implied bill price is not positive', () => {
    const result = continuousRateFromDiscountYieldPct(400, defaultHistoryConfig);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe('bill-price-not-positive');
  });
});
