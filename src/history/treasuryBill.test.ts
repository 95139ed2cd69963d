import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { continuousRateFromDiscountYieldPct } from './treasuryBill.js';
import { defaultHistoryConfig } from './historyConfig.js';

/** Absolute agreement with a 40-digit reference: a few units in the last place at these magnitudes. */
const RATE_TOLERANCE_DECIMAL = 1e-15;

describe('continuousRateFromDiscountYieldPct', () => {
  it('matches 40-digit golden values of the bill-price definition', () => {
    // r = ln(1 / (1 - d * 91 / 360)) * 365 / 91, evaluated with Python's decimal module at 40 digits.
    const goldens: [number, number][] = [
      [5, 0.05101753035441984470839304442302164761829],
      [0.24, 0.002434071743105277518574706124430371073445],
    ];
    for (const [discountPct, expected] of goldens) {
      const result = continuousRateFromDiscountYieldPct(discountPct, defaultHistoryConfig);
      expect(result.ok && Math.abs(result.value - expected)).toBeLessThan(RATE_TOLERANCE_DECIMAL);
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
