import { describe, expect, it } from 'vitest';
import { realSurface } from '../../../test/support/realSurfaces.js';
import { normCdf as cdf } from '../../pricing/normal.js';
import { dayFromIso } from '../../time/day.js';
import { quoteSpxOption, spxStrikeForDelta } from './quote.js';

/** Finite-difference bump of spot for the delta check, and its tolerance (delta units). */
const SPOT_BUMP_POINTS = 0.01;
const STICKY_STRIKE_DELTA_TOLERANCE = 1e-6;

describe('quoteSpxOption', () => {
  const surface = realSurface('2018-02-05');
  const expiry = dayFromIso('2018-03-16');

  it('prices at the surface price and reports the smile vol', () => {
    for (const strike of [2300, 2600, 2650, 2900]) {
      const quote = quoteSpxOption(surface, 'put', strike, expiry);
      const price = surface.optionPrice('put', strike, expiry);
      const vol = surface.impliedVol(strike, expiry);
      if (!quote.ok || !price.ok || !vol.ok) throw new Error('quote');
      expect(quote.value.mid).toBeCloseTo(price.value, 9);
      expect(quote.value.impliedVol).toBe(vol.value);
    }
  });

  it('has the sticky-strike delta of its own price (finite difference in spot at fixed vol)', () => {
    const quote = quoteSpxOption(surface, 'call', 2750, expiry);
    if (!quote.ok) throw new Error('quote');
    const t = (expiry - surface.marketDay.day) / 365;
    const { spot, rateDecimal: r, dividendYieldDecimal: q } = surface.marketDay;
    const sd = quote.value.impliedVol * Math.sqrt(t);
    const priceAt = (s: number) => {
      const f = s * Math.exp((r - q) * t);
      const d1 = Math.log(f / 2750) / sd + sd / 2;
      return Math.exp(-r * t) * (f * cdf(d1) - 2750 * cdf(d1 - sd));
    };
    const fd = (priceAt(spot + SPOT_BUMP_POINTS) - priceAt(spot - SPOT_BUMP_POINTS)) / (2 * SPOT_BUMP_POINTS);
    expect(Math.abs(fd - quote.value.delta)).toBeLessThan(STICKY_STRIKE_DELTA_TOLERANCE);
  });

  it('refuses the expiry day and expiries beyond 400 days', () => {
    expect(quoteSpxOption(surface, 'put', 2600, surface.marketDay.day).ok).toBe(false);
    expect(quoteSpxOption(surface, 'put', 2600, surface.marketDay.day + 401).ok).toBe(false);
  });
});

describe('spxStrikeForDelta', () => {
  it('finds the 5-point strike nearest 16 delta on the smile, below spot for puts and above for calls', () => {
    const surface = realSurface('2020-12-01');
    const expiry = dayFromIso('2021-01-15');
    for (const type of ['put', 'call'] as const) {
      const strike = spxStrikeForDelta(surface, type, 0.16, expiry);
      if (!strike.ok) throw new Error(strike.error.reason);
      expect(strike.value % 5).toBe(0);
      expect(type === 'put' ? strike.value < surface.marketDay.spot : strike.value > surface.marketDay.spot).toBe(true);
      const delta = (k: number) => {
        const quote = quoteSpxOption(surface, type, k, expiry);
        if (!quote.ok) throw new Error(quote.error.reason);
        return Math.abs(quote.value.delta);
      };
      // No neighbouring listed strike is closer to the target.
      expect(Math.abs(delta(strike.value) - 0.16)).toBeLessThanOrEqual(Math.abs(delta(strike.value - 5) - 0.16));
      expect(Math.abs(delta(strike.value) - 0.16)).toBeLessThanOrEqual(Math.abs(delta(strike.value + 5) - 0.16));
    }
  });

  it('rejects deltas outside (0, 1) and the expiry day', () => {
    const surface = realSurface('2020-12-01');
    expect(spxStrikeForDelta(surface, 'put', 0, dayFromIso('2021-01-15')).ok).toBe(false);
    expect(spxStrikeForDelta(surface, 'put', 0.16, surface.marketDay.day).ok).toBe(false);
  });
});
