import type { ChainQuote } from '../quotes/otmQuotes.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { realChains, realHistory } from '../../../test/fixtures/realMarket.js';
import { vixChainMarketDay, vixQuotesFromChain } from '../../report/marketModelReport.js';
import { median } from '../../lib/quantiles.js';
import { DEFAULT_VIX_OPTION_MODEL_CONFIG, FITTED_VIX_VOL_SURFACE } from './config.js';
import { fitVixVolSurface } from './fit.js';
import type { VixMarketDay } from './marketDay.js';
import { compareVixQuotes } from './measure.js';

const config = DEFAULT_VIX_OPTION_MODEL_CONFIG;
/** The fit is recorded with 6 decimals; the optimiser stops within about 1e-4 of the optimum on a flat valley. */
const RECORDED_PARAMETER_TOLERANCE = 1e-3;
/** Measured on the fitted 2016-06-01 quotes (the validation report prints them). */
const MEASURED_MEDIAN_ABS_IV_ERROR_VOL_POINTS = 2.27;
const MEASURED_MEDIAN_ABS_PRICE_ERROR_SPREADS = 0.6;
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

  it('refits to the parameters recorded in the config', () => {
    const fit = fitVixVolSurface(config, market, quotes);
    if (!fit.ok) throw new Error(fit.error.kind);
    for (const [name, recorded] of Object.entries(FITTED_VIX_VOL_SURFACE)) {
      const refit = fit.value.surface[name as keyof typeof FITTED_VIX_VOL_SURFACE];
      expect(Math.abs(refit - recorded), name).toBeLessThan(RECORDED_PARAMETER_TOLERANCE);
    }
    expect(fit.value.quotesFitted).toBe(190);
  });

  it('keeps the fitted quotes within the measured error', () => {
    const fitted = compareVixQuotes(config, market, quotes).filter((r) => r.usableForFit);
    const absVol = fitted.map((r) => Math.abs(r.volErrorVolPoints ?? Number.POSITIVE_INFINITY));
    const absPrice = fitted.map((r) => Math.abs(r.priceErrorSpreads));
    expect(median(absVol)).toBeLessThan(MEASURED_MEDIAN_ABS_IV_ERROR_VOL_POINTS + ERROR_REGRESSION_TOLERANCE_VOL_POINTS);
    expect(median(absPrice)).toBeLessThan(MEASURED_MEDIAN_ABS_PRICE_ERROR_SPREADS + ERROR_REGRESSION_TOLERANCE_SPREADS);
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
