import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { black76Price } from '../../pricing/black76.js';
import { impliedVolFromPrice } from './impliedVol.js';

/** Round trip price -> IV -> price, index points (on a forward of 100). */
const ROUND_TRIP_TOLERANCE_POINTS = 1e-9;

describe('impliedVolFromPrice', () => {
  it('inverts the Black-76 price (round trip)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'call' | 'put'>('call', 'put'),
        fc.double({ min: 0.05, max: 1.5, noNaN: true }),
        fc.double({ min: 0.7, max: 1.3, noNaN: true }),
        fc.double({ min: 2 / 365, max: 1, noNaN: true }),
        (type, vol, moneyness, t) => {
          const price = black76Price(type, 100, 100 * moneyness, vol * Math.sqrt(t), 0.99);
          const iv = impliedVolFromPrice(type, price, 100, 100 * moneyness, t, 0.99);
          // With almost no time value the price carries too few significant digits to pin the vol.
          fc.pre(price - black76Price(type, 100, 100 * moneyness, 0, 0.99) > 1e-6);
          expect(iv.ok).toBe(true);
          if (iv.ok) {
            const repriced = black76Price(type, 100, 100 * moneyness, iv.value * Math.sqrt(t), 0.99);
            expect(Math.abs(repriced - price)).toBeLessThan(ROUND_TRIP_TOLERANCE_POINTS);
          }
        },
      ),
      { seed: 42 },
    );
  });

  it('recovers a 20 % vol at the money to 1e-12', () => {
    const price = black76Price('call', 100, 100, 0.2 * Math.sqrt(0.25), 1);
    const iv = impliedVolFromPrice('call', price, 100, 100, 0.25, 1);
    expect(iv.ok && Math.abs(iv.value - 0.2)).toBeLessThan(1e-12);
  });

  it('gives zero vol at intrinsic value and refuses prices below it, at or above the discounted forward, and non-finite inputs', () => {
    expect(impliedVolFromPrice('put', 10, 100, 110, 0.1, 1)).toEqual({ ok: true, value: 0 });
    expect(impliedVolFromPrice('put', 9.9, 100, 110, 0.1, 1).ok).toBe(false);
    expect(impliedVolFromPrice('call', 100.5, 100, 100, 0.1, 1).ok).toBe(false);
    expect(impliedVolFromPrice('call', 1, 100, 100, 0.1, 0).ok).toBe(false);
    expect(impliedVolFromPrice('call', Number.NaN, 100, 100, 0.1, 1).ok).toBe(false);
    expect(impliedVolFromPrice('call', 1, 100, 100, 0, 1).ok).toBe(false);
  });
});
