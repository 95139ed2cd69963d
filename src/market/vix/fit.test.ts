import type { ChainQuote } from '../quotes/otmQuotes.js';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { realChains, realHistory } from '../../../test/fixtures/realMarket.js';
import { vixChainMarketDay, vixQuotesFromChain } from '../../validation/marketModel.js';
import { median } from '../../lib/quantiles.js';
import { DEFAULT_VIX_OPTION_MODEL_CONFIG, FITTED_VIX_VOL_SURFACE } from './config.js';
import { fitVixVolSurface, huberPseudoResidual } from './fit.js';
import type { VixMarketDay } from './marketDay.js';
import { compareVixQuotes } from './measure.js';

const config = DEFAULT_VIX_OPTION_MODEL_CONFIG;
/** The fit is recorded with 6 decimals; the optimiser stops within about 1e-4 of the optimum on a flat valley. */
const RECORDED_PARAMETER_TOLERANCE = 1e-3;
/** Measured on the fitted 2016-06-01 quotes (the validation report prints them); 2.28 and 0.49 before the Huber fit. */
const MEASURED_MEDIAN_ABS_IV_ERROR_VOL_POINTS = 0.87;
const MEASURED_MEDIAN_ABS_PRICE_ERROR_SPREADS = 0.19;
/** Issue 12's target for every tenor bucket's median IV error (model - quote), vol points. */
const TENOR_BUCKET_TARGET_VOL_POINTS = 1.5;
/** Headroom over the measured figures before a change counts as a regression. */
const ERROR_REGRESSION_TOLERANCE_VOL_POINTS = 0.25;
const ERROR_REGRESSION_TOLERANCE_SPREADS = 0.05;

let market: VixMarketDay;
let quotes: ChainQuote[];

beforeAll(async () => {
  const day = vixChainMarketDay(await realHistory());
  if (!day.ok) throw new Error(day.error.kind);
  market = day.value;
  quotes = vixQuotesFromChain(realChains().vix20160601);
});

describe('VIX-option model on the 2016-06-01 Cboe quotes', () => {
  it('reads the day the report assumes: VIX 14.20, VVIX 78.93, seven listed VX contracts from VXM16', () => {
    expect(market.vixSpot).toBe(14.2);
    expect(market.vvix).toBe(78.93);
    expect(market.futuresCurve[0]).toMatchObject({ contract: 'VXM16', settle: 15.275, dteDays: 14 });
  });

  it('refits to the parameters recorded in the config, and to the same ones under a stress multiple of VVIX', () => {
    // A config that prices at 0.8 x VVIX (presets/model/vix-options-0.8x.json) still fits its shape to
    // the market's quotes at the market's VVIX: the stress is never fitted away.
    const stressed = { ...config, surface: { ...config.surface, vvixTargetScale: 0.8 } };
    for (const c of [config, stressed]) {
      const fit = fitVixVolSurface(c, market, quotes);
      if (!fit.ok) throw new Error(fit.error.kind);
      for (const [name, recorded] of Object.entries(FITTED_VIX_VOL_SURFACE)) {
        const refit = fit.value.surface[name as keyof typeof FITTED_VIX_VOL_SURFACE];
        expect(Math.abs(refit - recorded), name).toBeLessThan(RECORDED_PARAMETER_TOLERANCE);
      }
      expect(fit.value.quotesFitted).toBe(190);
      expect(fit.value.surface.vvixTargetScale).toBe(c.surface.vvixTargetScale);
    }
  });

  it('keeps the fitted quotes within the measured error', () => {
    const fitted = compareVixQuotes(config, market, quotes).filter((r) => r.usableForFit);
    const absVol = fitted.map((r) => Math.abs(r.volErrorVolPoints ?? Number.POSITIVE_INFINITY));
    const absPrice = fitted.map((r) => Math.abs(r.priceErrorSpreads));
    expect(median(absVol)).toBeLessThan(MEASURED_MEDIAN_ABS_IV_ERROR_VOL_POINTS + ERROR_REGRESSION_TOLERANCE_VOL_POINTS);
    expect(median(absPrice)).toBeLessThan(MEASURED_MEDIAN_ABS_PRICE_ERROR_SPREADS + ERROR_REGRESSION_TOLERANCE_SPREADS);
  });

  it('puts every tenor bucket of the chain within the target: measured -0.59, -1.09, -0.10, -0.03 vol points', () => {
    // Buckets of days to expiry [low, high) as in the validation; every out-of-the-money quote with an IV.
    // Before the Huber fit and the saturation's scaling: -0.43, -1.60, -1.31, -1.18.
    const rows = compareVixQuotes(config, market, quotes).filter((r) => r.outOfTheMoney && r.volErrorVolPoints !== undefined);
    const measured = [-0.59, -1.09, -0.1, -0.03];
    const buckets: [number, number][] = [[0, 21], [21, 49], [49, 113], [113, 400]];
    buckets.forEach(([low, high], index) => {
      const bucketMedian = median(rows.filter((r) => r.dteDays >= low && r.dteDays < high).map((r) => r.volErrorVolPoints as number));
      expect(Math.abs(bucketMedian)).toBeLessThanOrEqual(TENOR_BUCKET_TARGET_VOL_POINTS);
      expect(bucketMedian).toBeCloseTo(measured[index] as number, 2);
    });
  });

  it('takes the Huber loss through its pseudo-residual: the residual within the threshold, sqrt(2 k |r| - k^2) beyond', () => {
    // Hand-worked, k = 0.5: r = 0.3 -> 0.3; r = 2 -> sqrt(2 - 0.25) = 1.3229; r = -8 -> -sqrt(8 - 0.25) = -2.7839.
    expect(huberPseudoResidual(0.3, 0.5)).toBe(0.3);
    expect(huberPseudoResidual(2, 0.5)).toBeCloseTo(1.3229, 4);
    expect(huberPseudoResidual(-8, 0.5)).toBeCloseTo(-2.7839, 4);
    // Continuous at the threshold, and its square is twice the loss k |r| - k^2 / 2 beyond it.
    expect(huberPseudoResidual(0.5 + 1e-12, 0.5)).toBeCloseTo(0.5, 9);
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0.01, max: 5, noNaN: true }), (r, k) => {
        const loss = Math.abs(r) <= k ? (r * r) / 2 : k * Math.abs(r) - (k * k) / 2;
        expect(huberPseudoResidual(r, k) ** 2).toBeCloseTo(2 * loss, 8);
        expect(Math.sign(huberPseudoResidual(r, k))).toBe(Math.sign(r));
      }),
    );
  });

  it('finds the upward call skew in the quotes themselves, and reproduces it', () => {
    const julyCalls = compareVixQuotes(config, market, quotes)
      .filter((r) => r.quote.type === 'call' && r.dteDays === 49 && r.outOfTheMoney && r.quoteVolDecimal !== undefined && r.midPoints >= 0.1)
      .sort((a, b) => a.quote.strike - b.quote.strike);
    expect(julyCalls.length).toBeGreaterThan(10);
    const first = julyCalls[0];
    const last = julyCalls[julyCalls.length - 1];
    if (first === undefined || last === undefined) throw new Error('no July calls');
    // Real quotes: about 80 % vol at the money, above 110 % at 40.
    expect((last.quoteVolDecimal ?? 0) - (first.quoteVolDecimal ?? 0)).toBeGreaterThan(0.2);
    expect(last.modelVolDecimal - first.modelVolDecimal).toBeGreaterThan(0.2);
  });

  it('refuses a fit without enough quotes or without VVIX', () => {
    expect(fitVixVolSurface(config, market, quotes.slice(0, 5)).ok).toBe(false);
    const noVvix = fitVixVolSurface(config, { ...market, vvix: undefined }, quotes);
    expect(noVvix.ok ? 'fitted' : noVvix.error.kind).toBe('no-vvix');
  });
});
