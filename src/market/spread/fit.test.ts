import { beforeAll, describe, expect, it } from 'vitest';
import { realChains, realHistory } from '../../../test/fixtures/realMarket.js';
import { vixQuotesFromChain } from '../../validation/marketModel.js';
import { median } from '../../lib/quantiles.js';
import type { DayNumber } from '../../time/day.js';
import { DEFAULT_SPREAD_MODEL_CONFIG, FITTED_SPREAD_PARAMS } from './config.js';
import { fitSpreadModel } from './fit.js';
import { spreadObservations, type DatedSpreadObservation } from './observations.js';
import { spreadErrorStats } from '../../validation/spread.js';

/** Recorded with 6 decimals. */
const RECORDED_PARAMETER_TOLERANCE = 1e-5;
/** Measured median |ln(model/real)| of the raw fit (SPX 0.222, VIX 0.315) plus headroom. */
const MEASURED_MEDIAN_ABS_LOG_ERROR = { spx: 0.222, vix: 0.315 } as const;
const LOG_ERROR_REGRESSION_TOLERANCE = 0.01;
/** The model/real median may sit off 1 by tick rounding; 5 % is the bound. */
const MEDIAN_RATIO_BIAS_TOLERANCE = 0.05;

let spxFit: DatedSpreadObservation[];
let vixFit: DatedSpreadObservation[];
let spxHeldOut: DatedSpreadObservation[];

beforeAll(async () => {
  const history = await realHistory();
  const chains = realChains();
  const vixCloseOn = (day: DayNumber): number | undefined => history.closeOn('vix', day);
  spxFit = spreadObservations(chains.spx20201201, vixCloseOn);
  vixFit = spreadObservations(vixQuotesFromChain(chains.vix20160601), vixCloseOn);
  spxHeldOut = spreadObservations(chains.spxw2018JanFeb, vixCloseOn);
});

describe('spread model fit on the real chains', () => {
  it('refits to the parameters recorded in the config, per product', () => {
    for (const product of ['spx', 'vix'] as const) {
      const fit = fitSpreadModel(DEFAULT_SPREAD_MODEL_CONFIG[product], product === 'spx' ? spxFit : vixFit);
      if (!fit.ok) throw new Error(fit.error.kind);
      for (const [name, recorded] of Object.entries(FITTED_SPREAD_PARAMS[product])) {
        const refit = fit.value.params[name as keyof (typeof FITTED_SPREAD_PARAMS)['spx']];
        expect(Math.abs(refit - recorded), `${product}.${name}`).toBeLessThan(RECORDED_PARAMETER_TOLERANCE);
      }
      expect(fit.value.medianAbsLogError).toBeLessThan(MEASURED_MEDIAN_ABS_LOG_ERROR[product] + LOG_ERROR_REGRESSION_TOLERANCE);
    }
  });

  it('is unbiased at the median on the fit sets', () => {
    for (const [params, observations] of [
      [DEFAULT_SPREAD_MODEL_CONFIG.spx, spxFit],
      [DEFAULT_SPREAD_MODEL_CONFIG.vix, vixFit],
    ] as const) {
      const ratio = spreadErrorStats(params, observations).medianModelToRealRatio ?? Number.NaN;
      expect(Math.abs(ratio - 1)).toBeLessThan(MEDIAN_RATIO_BIAS_TOLERANCE);
    }
  });

  it('follows the data: wider in points nearer the money, and wider with VIX on the held-out chain', () => {
    const near = spxFit.filter((o) => o.absDelta >= 0.4 && o.absDelta < 0.6).map((o) => o.halfSpreadPoints);
    const wing = spxFit.filter((o) => o.absDelta < 0.1).map((o) => o.halfSpreadPoints);
    expect(median(wing)).toBeLessThan(median(near));
    const calm = spxHeldOut.filter((o) => o.vixLevel < 15 && o.absDelta >= 0.1 && o.absDelta < 0.5).map((o) => o.halfSpreadPoints);
    const stressed = spxHeldOut.filter((o) => o.vixLevel >= 30 && o.absDelta >= 0.1 && o.absDelta < 0.5).map((o) => o.halfSpreadPoints);
    expect(median(stressed)).toBeGreaterThan(median(calm));
  });

  it('refuses to fit a handful of quotes', () => {
    expect(fitSpreadModel(DEFAULT_SPREAD_MODEL_CONFIG.spx, spxFit.slice(0, 5))).toEqual({ ok: false, error: { kind: 'too-few-observations', count: 5 } });
  });
});
