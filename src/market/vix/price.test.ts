import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { black76Price } from '../../pricing/black76.js';
import { dayFromIso, yearFractionAct365 } from '../../time/day.js';
import { DEFAULT_VIX_OPTION_MODEL_CONFIG } from './config.js';
import type { VixMarketDay } from './marketDay.js';
import { priceVixOption } from './price.js';
import { vvixFromVix } from './vvixFallback.js';

const config = DEFAULT_VIX_OPTION_MODEL_CONFIG;
const day = dayFromIso('2016-06-01');
/** 2016-06-01: VIX 14.20, VVIX 78.93, VXN16 17.525 (expiry 2016-07-20), VXQ16 18.275 (2016-08-17). */
const market: VixMarketDay = {
  day,
  vixSpot: 14.2,
  vvix: 78.93,
  rateDecimal: 0.003,
  futuresCurve: [
    { contract: 'VXN16', expiryDay: dayFromIso('2016-07-20'), dteDays: 49, settle: 17.525 },
    { contract: 'VXQ16', expiryDay: dayFromIso('2016-08-17'), dteDays: 77, settle: 18.275 },
  ],
};
const PARITY_TOLERANCE_POINTS = 1e-10;
const DELTA_FD_TOLERANCE = 1e-6;

describe('priceVixOption', () => {
  it('prices off the future of the same expiry, not spot VIX', () => {
    const call = priceVixOption(config, market, { type: 'call', strike: 18, expiryDay: dayFromIso('2016-07-20') });
    if (!call.ok) throw new Error(call.error.kind);
    expect(call.value.forwardPoints).toBe(17.525);
    expect(call.value.forwardInterpolated).toBe(false);
    const expiryDay = dayFromIso('2016-07-20');
    const t = yearFractionAct365(day, expiryDay);
    const stdDev = call.value.volDecimal * Math.sqrt(t);
    const discount = Math.exp(-market.rateDecimal * t);
    expect(call.value.pricePoints).toBeCloseTo(black76Price('call', 17.525, 18, stdDev, discount), 12);
    expect(call.value.pricePoints).toBeGreaterThan(black76Price('call', market.vixSpot, 18, stdDev, discount) + 0.5);
  });

  it('satisfies put-call parity on the future at every strike', () => {
    fc.assert(
      fc.property(fc.double({ min: 5, max: 80, noNaN: true }), (strike) => {
        const expiryDay = dayFromIso('2016-08-17');
        const call = priceVixOption(config, market, { type: 'call', strike, expiryDay });
        const put = priceVixOption(config, market, { type: 'put', strike, expiryDay });
        if (!call.ok || !put.ok) throw new Error('pricing failed');
        const discount = Math.exp(-market.rateDecimal * yearFractionAct365(day, expiryDay));
        expect(call.value.pricePoints - put.value.pricePoints).toBeCloseTo(discount * (18.275 - strike), 9);
        expect(Math.abs(call.value.pricePoints - put.value.pricePoints - discount * (18.275 - strike))).toBeLessThan(PARITY_TOLERANCE_POINTS);
      }),
    );
  });

  it('reports the Black-76 delta to the future (finite difference at fixed vol)', () => {
    const expiryDay = dayFromIso('2016-07-20');
    const priced = priceVixOption(config, market, { type: 'call', strike: 22, expiryDay });
    if (!priced.ok) throw new Error(priced.error.kind);
    const t = yearFractionAct365(day, expiryDay);
    const stdDev = priced.value.volDecimal * Math.sqrt(t);
    const discount = Math.exp(-market.rateDecimal * t);
    const h = 1e-4;
    const fd = (black76Price('call', 17.525 + h, 22, stdDev, discount) - black76Price('call', 17.525 - h, 22, stdDev, discount)) / (2 * h);
    expect(Math.abs(priced.value.deltaToFuture - fd)).toBeLessThan(DELTA_FD_TOLERANCE);
  });

  it('falls back to the VVIX-on-VIX regression on a day without VVIX', () => {
    const priced = priceVixOption(config, { ...market, vvix: undefined }, { type: 'call', strike: 20, expiryDay: dayFromIso('2016-07-20') });
    if (!priced.ok) throw new Error(priced.error.kind);
    expect(priced.value.vvixFromFallback).toBe(true);
    expect(priced.value.vvixPercent).toBeCloseTo(vvixFromVix(config.vvixFallback, 14.2), 12);
  });

  it('returns typed errors for bad input instead of NaN', () => {
    const expiryDay = dayFromIso('2016-07-20');
    expect(priceVixOption(config, market, { type: 'call', strike: Number.NaN, expiryDay })).toEqual({ ok: false, error: { kind: 'non-finite-input', field: 'strike' } });
    expect(priceVixOption(config, { ...market, vixSpot: Number.POSITIVE_INFINITY }, { type: 'call', strike: 20, expiryDay }).ok).toBe(false);
    expect(priceVixOption(config, market, { type: 'call', strike: 20, expiryDay: day })).toEqual({ ok: false, error: { kind: 'expiry-not-after-quote-day', dteDays: 0 } });
    const beyond = priceVixOption(config, market, { type: 'call', strike: 20, expiryDay: dayFromIso('2016-09-21') });
    expect(beyond.ok ? 'priced' : beyond.error.kind).toBe('no-forward');
  });
});
