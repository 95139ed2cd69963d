import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../../time/day.js';
import { GRID_DAYS, realMarketDay, realSurface } from '../../../test/support/realSurfaces.js';
import { DEFAULT_SPX_MODEL_CONFIG } from './config.js';
import { buildSpxSurface, longTenorGrowthOf, modelIndexDecimal } from './surface.js';

/** The brief's calibration target for the model's own VIX-family indices. */
const CALIBRATION_TARGET_VOL_POINTS = 0.1;
/** Slack for floating-point noise in total variance (decimal^2 * years) and prices (index points). */
const TOTAL_VARIANCE_SLACK = 1e-12;
const PRICE_SLACK_POINTS = 1e-9;

/**
 * The solve against the tabulated canonical strip lands within tolerance at the first evaluation of the
 * day's strips on all but 10 of the 9,223 days of 1990-2026, and none of those needs a second correction.
 */
const MAX_STRIP_CORRECTIONS = 1;

const EXPIRY_GRID_DAYS = [1, 2, 5, 9, 16, 30, 45, 60, 93, 120, 183, 270, 365, 400];
const LOG_MONEYNESS_GRID = Array.from({ length: 121 }, (_, i) => -1.5 + i * 0.02);

describe('buildSpxSurface on real days', () => {
  for (const iso of GRID_DAYS) {
    describe(iso, () => {
      const surface = realSurface(iso);

      it('reproduces every VIX-family index of the day with the Cboe procedure on its own prices', () => {
        for (const node of surface.nodes) {
          expect(node.raisedForCalendar).toBe(false);
          const index = modelIndexDecimal(surface, node.tenorDays);
          if (!index.ok) throw new Error(index.error.reason);
          expect(Math.abs(100 * (index.value - node.indexDecimal))).toBeLessThan(CALIBRATION_TARGET_VOL_POINTS);
        }
      });

      it('calibrates with at most one correction of the tabulated solve (two evaluations of the strips)', () => {
        expect(surface.calibrationIterations).toBeLessThanOrEqual(MAX_STRIP_CORRECTIONS);
      });

      it('has no calendar arbitrage: total variance non-decreasing in expiry at fixed log-moneyness', () => {
        for (const k of LOG_MONEYNESS_GRID) {
          let previous = 0;
          for (const days of EXPIRY_GRID_DAYS) {
            const w = surface.totalVariance(k, days / 365);
            expect(w).toBeGreaterThanOrEqual(previous - TOTAL_VARIANCE_SLACK);
            previous = w;
          }
        }
      });

      it('has no butterfly arbitrage: call prices decreasing and convex in strike', () => {
        for (const days of EXPIRY_GRID_DAYS) {
          const t = days / 365;
          const forward = surface.forward(t);
          const step = forward * 0.0025;
          const prices: number[] = [];
          for (let strike = forward * 0.3; strike <= forward * 1.6; strike += step) prices.push(surface.priceAtTime('call', strike, t));
          for (let i = 1; i < prices.length - 1; i++) {
            const [a, b, c] = [prices[i - 1] as number, prices[i] as number, prices[i + 1] as number];
            expect(b).toBeLessThanOrEqual(a + PRICE_SLACK_POINTS);
            expect(a - 2 * b + c).toBeGreaterThanOrEqual(-PRICE_SLACK_POINTS);
          }
        }
      });
    });
  }

  it('prices satisfy put-call parity with the model forward and discount factor', () => {
    const surface = realSurface('2018-02-05');
    const expiry = dayFromIso('2018-03-16');
    const t = (expiry - surface.marketDay.day) / 365;
    for (const strike of [2000, 2500, 2650, 2800, 3100]) {
      const call = surface.optionPrice('call', strike, expiry);
      const put = surface.optionPrice('put', strike, expiry);
      if (!call.ok || !put.ok) throw new Error('price');
      expect(call.value - put.value).toBeCloseTo(surface.discountFactor(t) * (surface.forward(t) - strike), 9);
    }
  });

  it('uses observed tenors where they exist and fallbacks before', () => {
    expect(realSurface('2020-03-16').nodes.map((n) => n.source)).toEqual(['observed', 'observed', 'observed', 'observed']);
    expect(realSurface('2008-10-10').nodes.map((n) => n.source)).toEqual(['mean-reversion', 'observed', 'futures', 'observed']);
    expect(realSurface('1995-06-01').nodes.map((n) => n.source)).toEqual(['mean-reversion', 'observed', 'mean-reversion', 'mean-reversion']);
  });

  it('is deterministic: the same day gives the same numbers', () => {
    const a = realSurface('2011-08-08');
    const b = realSurface('2011-08-08');
    expect(JSON.stringify(a.nodes)).toBe(JSON.stringify(b.nodes));
    expect(a.impliedVol(1100, dayFromIso('2011-09-17'))).toEqual(b.impliedVol(1100, dayFromIso('2011-09-17')));
  });

  it('answers 0 days with intrinsic value and refuses expiries outside 0..400 days', () => {
    const surface = realSurface('2020-12-01');
    const today = surface.marketDay.day;
    const intrinsic = surface.optionPrice('put', 4000, today);
    expect(intrinsic.ok && intrinsic.value).toBeCloseTo(4000 - surface.marketDay.spot, 9);
    expect(surface.impliedVol(3600, today).ok).toBe(false);
    expect(surface.impliedVol(3600, today + 401).ok).toBe(false);
    expect(surface.impliedVol(3600, today - 1).ok).toBe(false);
    expect(surface.impliedVol(Number.NaN, today + 30).ok).toBe(false);
    expect(surface.impliedVol(3600, today + 400).ok).toBe(true);
  });

  it('rejects non-finite inputs with a typed error', () => {
    const day = realMarketDay('2020-12-01');
    const bad = buildSpxSurface({ ...day, spot: Number.NaN }, DEFAULT_SPX_MODEL_CONFIG);
    expect(!bad.ok && bad.error.kind).toBe('surface-input');
    const badVix = buildSpxSurface({ ...day, vixDecimal: Number.POSITIVE_INFINITY }, DEFAULT_SPX_MODEL_CONFIG);
    expect(badVix.ok).toBe(false);
  });
});

describe('the arbitrage checks can fail', () => {
  it('flags a smile with far too steep a put wing (negative control)', () => {
    // Calibration off: the daily skew level would scale this wing back to the day's SKEW.
    const steep = { ...DEFAULT_SPX_MODEL_CONFIG, skewCalibration: 'off' as const, smileWingSlopePerZ: 6, smileSkewRho: -0.98, smileSmoothingZ: 0.05 };
    const surface = buildSpxSurface(realMarketDay('2018-02-05'), steep);
    if (!surface.ok) throw new Error(surface.error.reason);
    const t = 30 / 365;
    const forward = surface.value.forward(t);
    let violations = 0;
    for (let strike = forward * 0.3; strike <= forward * 1.6; strike += forward * 0.0025) {
      const h = forward * 0.0025;
      const convexity = surface.value.priceAtTime('call', strike - h, t) - 2 * surface.value.priceAtTime('call', strike, t) + surface.value.priceAtTime('call', strike + h, t);
      if (convexity < -PRICE_SLACK_POINTS) violations++;
    }
    expect(violations).toBeGreaterThan(0);
  });
});

describe('the ATM curve beyond the last VIX-family tenor', () => {
  /** Hand-worked values below are given to 4 decimals. */
  const HAND_WORKED_TOLERANCE = 1e-4;

  it('grows like the mean-reverting variance swap (hand-worked: VIX6M 15, theta 28.21^2, kappa 1.45)', () => {
    // T_L = 183/365 = 0.50137. V(T) T = θT + (V_L − θ)(1 − e^(−κT))/κ with θ = 0.079580, V_L = 0.0225:
    // at T = 1: 0.079580 − 0.057080 × 0.765430 / 1.45 = 0.049449;
    // at T_L: 0.039899 − 0.057080 × 0.516636 / 1.45 = 0.019561.
    // Ratio 2.5279 (flat: 1 / 0.50137 = 1.9945), so the 1-year ATM vol is 12.6 % above the 6-month one.
    const growth = longTenorGrowthOf(DEFAULT_SPX_MODEL_CONFIG, 183 / 365, 0.15);
    expect(Math.abs(growth(1) - 2.5279)).toBeLessThan(HAND_WORKED_TOLERANCE);
    expect(growth(183 / 365)).toBeCloseTo(1, 12);
    const flat = longTenorGrowthOf({ ...DEFAULT_SPX_MODEL_CONFIG, longTenorExtension: 'flat' }, 183 / 365, 0.15);
    expect(Math.abs(flat(1) - 1.9945)).toBeLessThan(HAND_WORKED_TOLERANCE);
  });

  it('keeps rising in a calm regime and falls back after a spike, with total variance increasing', () => {
    const atmVol = (surface: ReturnType<typeof realSurface>, days: number) => Math.sqrt(surface.atmTotalVariance(days / 365) / (days / 365));
    const calm = realSurface('2017-11-03');
    const stressed = realSurface('2020-03-16');
    expect(atmVol(calm, 365)).toBeGreaterThan(atmVol(calm, 183) + 0.005);
    expect(atmVol(stressed, 365)).toBeLessThan(atmVol(stressed, 183) - 0.02);
    for (const surface of [calm, stressed]) {
      for (let days = 183; days < 400; days += 1) {
        expect(surface.atmTotalVariance((days + 1) / 365)).toBeGreaterThan(surface.atmTotalVariance(days / 365));
      }
    }
  });
});
