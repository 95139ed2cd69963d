import { beforeAll, describe, expect, it } from 'vitest';
import { realHistory } from '../../../test/fixtures/realMarket.js';
import type { MarketHistory } from '../../history/types.js';
import { strikeForDeltaWithSmile } from '../../pricing/strikeForDelta.js';
import { dayFromIso, yearFractionAct365 } from '../../time/day.js';
import { DEFAULT_VIX_OPTION_MODEL_CONFIG } from './config.js';
import { vixDaySurface, vvixProcedureExpiries } from './daySurface.js';
import { vixMarketDayFromHistory } from './marketDay.js';
import { priceVixOption } from './price.js';
import { modelVvixPercent } from './vvixCalibration.js';

/** How far Cboe's procedure on the calibrated surface may land from its target, VVIX points. */
const VVIX_RESIDUAL_POINTS = 1;

const config = DEFAULT_VIX_OPTION_MODEL_CONFIG;
let history: MarketHistory;

beforeAll(async () => {
  history = await realHistory();
});

describe('vvixProcedureExpiries', () => {
  const curve = (days: number[]) => days.map((dteDays, i) => ({ contract: `C${i}`, expiryDay: 0, dteDays, settle: 20 }));
  it('brackets 30 days with the listed contracts, skipping a near expiry in its last week', () => {
    expect(vvixProcedureExpiries(curve([14, 49, 77]), 30, 7)).toEqual({ nearDteDays: 14, nextDteDays: 49 });
    expect(vvixProcedureExpiries(curve([2, 30, 65]), 30, 7)).toEqual({ nearDteDays: 30, nextDteDays: 65 });
    expect(vvixProcedureExpiries(curve([3, 31, 59]), 30, 7)).toEqual({ nearDteDays: 31, nextDteDays: 59 });
    expect(vvixProcedureExpiries(curve([40]), 30, 7)).toEqual({ nearDteDays: 29, nextDteDays: 31 });
  });
});

describe('the day surface on real days', () => {
  it('2020-03-16: a 30-delta April call consistent with VVIX 207.59, a 30-delta call near 116, not the 152 of a 330 % vol', () => {
    const day = dayFromIso('2020-03-16');
    const market = vixMarketDayFromHistory(history, day);
    if (!market.ok) throw new Error(market.error.kind);
    const surface = vixDaySurface(config, market.value);
    expect(surface.vvixPercent).toBe(207.59);
    expect(surface.contangoFraction).toBeLessThan(0);
    const expiryDay = dayFromIso('2020-04-15');
    const forward = 59.15;
    const timeYears = yearFractionAct365(day, expiryDay);
    const strike = strikeForDeltaWithSmile({
      type: 'call',
      forward,
      timeYears,
      discountFactorDelta: Math.exp(-market.value.rateDecimal * timeYears),
      targetDelta: 0.3,
      volAtStrike: (k) => surface.volDecimal(expiryDay - day, Math.log(k / forward)),
    });
    if (!strike.ok) throw new Error(strike.error.message);
    const vol = surface.volDecimal(expiryDay - day, Math.log(strike.value / forward));
    // Measured: ATM 30-day vol 2.17 (VVIX 2.08: the strip's low-vol puts weigh most), 30-delta strike
    // 114.3 at a vol of 2.57 (1.239 x VVIX; 115.7 and 1.255 before the call wing's saturation scaled with
    // the expiry's standard deviation), against 152 at 3.3 with the skew in scaled log-moneyness.
    expect(surface.atmVol30Decimal).toBeGreaterThan(1.5);
    expect(vol / (surface.vvixPercent / 100)).toBeLessThan(1.25);
    expect(strike.value).toBeGreaterThan(100);
    expect(strike.value).toBeLessThan(120);
  });

  it('prices with the day surface and says when VVIX came from the fallback', () => {
    const day = dayFromIso('2016-06-01');
    const market = vixMarketDayFromHistory(history, day);
    if (!market.ok) throw new Error(market.error.kind);
    const withVvix = priceVixOption(config, market.value, { type: 'call', strike: 20, expiryDay: dayFromIso('2016-07-20') });
    const without = priceVixOption(config, { ...market.value, vvix: undefined }, { type: 'call', strike: 20, expiryDay: dayFromIso('2016-07-20') });
    if (!withVvix.ok || !without.ok) throw new Error('not priced');
    expect(withVvix.value.vvixFromFallback).toBe(false);
    expect(without.value.vvixFromFallback).toBe(true);
    expect(withVvix.value.volDecimal).toBe(vixDaySurface(config, market.value).volDecimal(49, Math.log(20 / 17.525)));
  });

  it('vvixTargetScale calibrates to that share of VVIX: the model\'s own VVIX follows it, and every VIX option is cheaper', () => {
    // 2018-02-05: VVIX 177.34, VIX 37.32. At 0.8 the surface is calibrated to 141.87, and Cboe's
    // procedure on its strips gives that back (the calibration's own residual, well within a point).
    const day = dayFromIso('2018-02-05');
    const market = vixMarketDayFromHistory(history, day);
    if (!market.ok) throw new Error(market.error.kind);
    const scaled = { ...config, surface: { ...config.surface, vvixTargetScale: 0.8 } };
    const base = vixDaySurface(config, market.value);
    const stressed = vixDaySurface(scaled, market.value);
    expect(base.vvixPercent).toBe(177.34);
    expect(stressed.vvixPercent).toBeCloseTo(0.8 * 177.34, 10);
    expect(Math.abs(modelVvixPercent(scaled.surface, stressed.atmVol30Decimal, stressed) - 0.8 * 177.34)).toBeLessThan(VVIX_RESIDUAL_POINTS);
    expect(Math.abs(modelVvixPercent(config.surface, base.atmVol30Decimal, base) - 177.34)).toBeLessThan(VVIX_RESIDUAL_POINTS);
    // The shape is the same, so every vol is lower by about the same share.
    expect(stressed.atmVol30Decimal / base.atmVol30Decimal).toBeGreaterThan(0.75);
    expect(stressed.atmVol30Decimal / base.atmVol30Decimal).toBeLessThan(0.85);
    for (const strike of [20, 30, 40, 60]) {
      const option = { type: 'call' as const, strike, expiryDay: dayFromIso('2018-03-21') };
      const a = priceVixOption(config, market.value, option);
      const b = priceVixOption(scaled, market.value, option);
      if (!a.ok || !b.ok) throw new Error('not priced');
      expect(b.value.pricePoints).toBeLessThan(a.value.pricePoints);
    }
  });
});
