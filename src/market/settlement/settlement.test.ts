import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SETTLEMENT_CONFIG, intradayPriceEstimate, settlementPrice } from './settlement.js';

/** Real bars from data/spx_daily.csv and data/vix_daily.csv. */
const SPX_2005_01_20_CLOSE = 1175.41;
const SPX_2005_01_21 = { open: 1175.41, high: 1179.45, low: 1167.82, close: 1167.87 };
const SPX_2018_02_15_CLOSE = 2731.2;
const SPX_2018_02_16 = { open: 2727.14, high: 2754.42, low: 2725.11, close: 2732.22 };
const VIX_2020_03_17_CLOSE = 75.91;
const VIX_2020_03_18 = { open: 69.37, high: 85.47, low: 69.37, close: 76.45 };

describe('settlementPrice', () => {
  it('uses the open when it is a real print: SPX 2018-02-16 (February AM expiry) settles at 2727.14', () => {
    expect(settlementPrice(SPX_2018_02_16, SPX_2018_02_15_CLOSE)).toEqual({ ok: true, value: { pricePoints: 2727.14, source: 'open', reason: 'open-is-a-print' } });
  });

  it('flags a repeated close: SPX 2005-01-21 (January AM expiry) opens at the previous close 1175.41', () => {
    const price = settlementPrice(SPX_2005_01_21, SPX_2005_01_20_CLOSE);
    // The previous close lies inside the day's range [1167.82, 1179.45], so the rule keeps it, flagged.
    expect(price).toEqual({ ok: true, value: { pricePoints: 1175.41, source: 'estimated', reason: 'open-equals-previous-close' } });
  });

  it('moves a repeated close that lies outside the range to the nearest end of the range', () => {
    const gappedDown = { open: 1200, high: 1190, low: 1170, close: 1180 };
    expect(settlementPrice(gappedDown, 1200)).toEqual({ ok: true, value: { pricePoints: 1190, source: 'estimated', reason: 'open-equals-previous-close' } });
  });

  it('replaces an open outside the range by the rule', () => {
    const bad = { open: 1300, high: 1190, low: 1170, close: 1180 };
    expect(settlementPrice(bad, 1175)).toEqual({ ok: true, value: { pricePoints: 1175, source: 'estimated', reason: 'open-outside-range' } });
    expect(settlementPrice(bad, undefined)).toEqual({ ok: true, value: { pricePoints: 1190, source: 'estimated', reason: 'no-previous-close' } });
  });

  it('keeps a real VIX open at the low of the day: 2020-03-18 (March VIX expiry) settles at 69.37', () => {
    expect(settlementPrice(VIX_2020_03_18, VIX_2020_03_17_CLOSE)).toEqual({ ok: true, value: { pricePoints: 69.37, source: 'open', reason: 'open-is-a-print' } });
  });

  it('rejects non-finite or inverted bars, naming the field', () => {
    expect(settlementPrice({ ...SPX_2018_02_16, high: Number.NaN }, 2731.2)).toEqual({ ok: false, error: { kind: 'invalid-bar', field: 'high', value: Number.NaN } });
    expect(settlementPrice({ ...SPX_2018_02_16, low: 3000 }, 2731.2)).toEqual({ ok: false, error: { kind: 'invalid-bar', field: 'low', value: 3000 } });
    expect(settlementPrice(SPX_2018_02_16, Number.POSITIVE_INFINITY).ok).toBe(false);
  });

  it('always returns a price inside the day range', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 5000, noNaN: true }), fc.double({ min: 0, max: 0.1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.8, max: 1.2, noNaN: true }), fc.double({ min: 0.8, max: 1.2, noNaN: true }), (low, width, openAt, closeAt, previousFactor, openFactor) => {
        const high = low * (1 + width);
        const bar = { open: (low + openAt * (high - low)) * openFactor, high, low, close: low + closeAt * (high - low) };
        const price = settlementPrice(bar, low * previousFactor);
        if (!price.ok) throw new Error(price.error.kind);
        expect(price.value.pricePoints).toBeGreaterThanOrEqual(low);
        expect(price.value.pricePoints).toBeLessThanOrEqual(high);
      }),
    );
  });
});

describe('intradayPriceEstimate', () => {
  it('puts 11:00 ET 1.5/6.5 of the way from the open to the close: SPX 2018-02-16', () => {
    // 2727.14 + (1.5 / 6.5) * (2732.22 - 2727.14) = 2728.3123
    const estimate = intradayPriceEstimate(SPX_2018_02_16, SPX_2018_02_15_CLOSE);
    if (!estimate.ok) throw new Error(estimate.error.kind);
    expect(estimate.value).toBeCloseTo(2727.14 + (1.5 / 6.5) * (2732.22 - 2727.14), 9);
    expect(DEFAULT_SETTLEMENT_CONFIG.intradayFillSessionFraction).toBeCloseTo(0.230769, 6);
  });

  it('starts from the settlement estimate when the open is a repeated close', () => {
    const estimate = intradayPriceEstimate(SPX_2005_01_21, SPX_2005_01_20_CLOSE);
    if (!estimate.ok) throw new Error(estimate.error.kind);
    expect(estimate.value).toBeCloseTo(1175.41 + (1.5 / 6.5) * (1167.87 - 1175.41), 9);
  });
});
