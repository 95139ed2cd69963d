import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayFromIso } from '../../time/day.js';
import { DEFAULT_SPREAD_MODEL_CONFIG } from '../spread/config.js';
import { DEFAULT_VIX_OPTION_MODEL_CONFIG } from './config.js';
import type { VixMarketDay } from './marketDay.js';
import { quoteVixOption } from './quote.js';

const day = dayFromIso('2016-06-01');
/** 2016-06-01: VIX 14.20, VVIX 78.93, VXN16 17.525 expiring 2016-07-20. */
const market: VixMarketDay = {
  day,
  vixSpot: 14.2,
  vvix: 78.93,
  rateDecimal: 0.003,
  futuresCurve: [{ contract: 'VXN16', expiryDay: dayFromIso('2016-07-20'), dteDays: 49, settle: 17.525 }],
};
const spread = DEFAULT_SPREAD_MODEL_CONFIG.vix;

describe('quoteVixOption', () => {
  it('brackets the model mid by the spread model half-spread, bid never below zero', () => {
    fc.assert(
      fc.property(fc.double({ min: 8, max: 80, noNaN: true }), fc.constantFrom('call' as const, 'put' as const), (strike, type) => {
        const quoted = quoteVixOption(DEFAULT_VIX_OPTION_MODEL_CONFIG, spread, market, { type, strike, expiryDay: dayFromIso('2016-07-20') });
        if (!quoted.ok) throw new Error(quoted.error.kind);
        const { bidPoints, askPoints, midPoints, halfSpreadPoints: half } = quoted.value;
        expect(askPoints - midPoints).toBeCloseTo(half, 12);
        expect(bidPoints).toBeGreaterThanOrEqual(0);
        expect(bidPoints).toBeLessThanOrEqual(midPoints);
        expect(half).toBeGreaterThanOrEqual(0.025);
      }),
    );
  });

  it('widens the quote when VIX is higher under a stress elasticity (the fitted VIX-option spread has none)', () => {
    const spec = { type: 'call' as const, strike: 20, expiryDay: dayFromIso('2016-07-20') };
    const stressSpread = { ...spread, vixElasticity: 1 };
    const calm = quoteVixOption(DEFAULT_VIX_OPTION_MODEL_CONFIG, stressSpread, market, spec);
    const stressed = quoteVixOption(DEFAULT_VIX_OPTION_MODEL_CONFIG, stressSpread, { ...market, vixSpot: 40 }, spec);
    if (!calm.ok || !stressed.ok) throw new Error('quote failed');
    // Spot VIX above the future is backwardation: the mid changes too (no short-tenor dip), the spread widens.
    expect(stressed.value.model.vvixPercent).toBe(calm.value.model.vvixPercent);
    expect(stressed.value.halfSpreadPoints).toBeGreaterThan(calm.value.halfSpreadPoints);
  });

  it('passes pricing errors through', () => {
    const quoted = quoteVixOption(DEFAULT_VIX_OPTION_MODEL_CONFIG, spread, market, { type: 'call', strike: 20, expiryDay: dayFromIso('2016-12-21') });
    expect(quoted.ok ? 'quoted' : quoted.error.kind).toBe('no-forward');
  });
});
