/**
 * The VIX-option day surface as the backtest builds it (calibrated to that day's VVIX, or to the
 * fallback where VVIX is missing), on every day of the bundled history with VX futures: no NaN, and no
 * static arbitrage across the strikes of every listed expiry. volSurface.test.ts checks the parametric
 * surface on random levels; this walks the real days, where the calibration chooses the level.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { realHistory } from '../../../test/fixtures/realMarket.js';
import type { MarketHistory } from '../../history/types.js';
import { black76Price } from '../../pricing/black76.js';
import { isoFromDay } from '../../time/day.js';
import { DEFAULT_VIX_OPTION_MODEL_CONFIG } from './config.js';
import { vixDaySurface } from './daySurface.js';
import { vixMarketDayFromHistory } from './marketDay.js';

const config = DEFAULT_VIX_OPTION_MODEL_CONFIG;
/** Log-moneyness grid ln(K / F): a VIX future of 20 from strike 7.4 to 148. */
const LOG_MONEYNESS_FROM = -1;
const LOG_MONEYNESS_TO = 2;
const LOG_MONEYNESS_STEP = 0.025;
/** Rounding of undiscounted call prices in units of the forward (far wings near 1e-16); a price or a slope. */
const PRICE_TOLERANCE = 1e-10;
/** The first VX futures settle on 2004-03-26; every later trading day has a curve. */
const MIN_DAYS_WITH_FUTURES = 5000;

let history: MarketHistory;

beforeAll(async () => {
  history = await realHistory();
});

/**
 * The first static arbitrage of one expiry's smile on the grid, or undefined: undiscounted Black-76
 * calls on a forward of 1 must not rise with the strike and must be convex in it; a vol must be finite.
 */
function firstArbitrage(volAt: (logMoneyness: number) => number, dteDays: number): string | undefined {
  const sqrtT = Math.sqrt(dteDays / 365);
  let previousStrike = 0;
  let previousCall = 0;
  let previousSlope = Number.NEGATIVE_INFINITY;
  for (let i = 0; LOG_MONEYNESS_FROM + i * LOG_MONEYNESS_STEP <= LOG_MONEYNESS_TO + 1e-9; i++) {
    const k = LOG_MONEYNESS_FROM + i * LOG_MONEYNESS_STEP;
    const vol = volAt(k);
    if (!(Number.isFinite(vol) && vol > 0)) return `vol ${vol} at k ${k.toFixed(3)}, ${dteDays} d`;
    const strike = Math.exp(k);
    const call = black76Price('call', 1, strike, vol * sqrtT, 1);
    if (i > 0) {
      const slope = (call - previousCall) / (strike - previousStrike);
      if (!(call <= previousCall + PRICE_TOLERANCE)) return `call ${call} at k ${k.toFixed(3)}, ${dteDays} d rises from ${previousCall}`;
      if (!(slope >= previousSlope - PRICE_TOLERANCE)) return `butterfly arbitrage at k ${k.toFixed(3)}, ${dteDays} d (slope ${slope} after ${previousSlope})`;
      previousSlope = slope;
    }
    previousStrike = strike;
    previousCall = call;
  }
  return undefined;
}

describe('the VIX-option day surface on every day with VX futures', () => {
  it('has finite vols and calls that fall and are convex in the strike at every listed expiry', () => {
    let checkedDays = 0;
    for (const day of history.tradingDays) {
      const market = vixMarketDayFromHistory(history, day);
      if (!market.ok) continue;
      const surface = vixDaySurface(config, market.value);
      const where = isoFromDay(day);
      if (!(Number.isFinite(surface.atmVol30Decimal) && surface.atmVol30Decimal > 0)) expect.fail(`${where}: 30-day ATM vol ${surface.atmVol30Decimal}`);
      for (const point of market.value.futuresCurve) {
        const dteDays = Math.max(point.dteDays, 1);
        const arbitrage = firstArbitrage((k) => surface.volDecimal(dteDays, k), dteDays);
        if (arbitrage !== undefined) expect.fail(`${where}: ${arbitrage}`);
      }
      checkedDays++;
    }
    expect(checkedDays).toBeGreaterThan(MIN_DAYS_WITH_FUTURES);
  });

  it('the check can fail: a smile whose vol drops by half above 50 % out of the money (negative control)', () => {
    // At k = 0.5 the 30-day call falls from its 80 % vol value to its 40 % one: a slope far steeper than
    // just below, so the calls stop being convex there.
    expect(firstArbitrage((k) => (k < 0.5 ? 0.8 : 0.4), 30)).toMatch(/^butterfly arbitrage at k 0\.500/);
    expect(firstArbitrage(() => Number.NaN, 30)).toMatch(/^vol NaN/);
    expect(firstArbitrage(() => 0.8, 30)).toBeUndefined();
  });
});
