import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { realHistory } from '../../../test/fixtures/realMarket.js';
import { vvixObservations } from '../../validation/marketModel.js';
import { DEFAULT_VIX_OPTION_MODEL_CONFIG, FITTED_VVIX_FALLBACK } from './config.js';
import { vvixEstimationSample } from '../../validation/vix.js';
import { fitVvixOnVix, vvixFromVix } from './vvixFallback.js';

/** The config records 6 decimals of each coefficient. */
const RECORDED_COEFFICIENT_TOLERANCE = 1e-6;

describe('fitVvixOnVix', () => {
  it('recovers the coefficients of exact log-linear data', () => {
    fc.assert(
      fc.property(fc.double({ min: 2, max: 6, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (intercept, slope) => {
        const pairs = [10, 15, 20, 30, 50, 80].map((vix) => ({ vix, vvix: Math.exp(intercept + slope * Math.log(vix)) }));
        const fit = fitVvixOnVix(pairs);
        if (!fit.ok) throw new Error(fit.error.kind);
        expect(fit.value.interceptLogPoints).toBeCloseTo(intercept, 9);
        expect(fit.value.slopePerLogVixPoint).toBeCloseTo(slope, 9);
        expect(fit.value.residualStdDevLog).toBeLessThan(1e-9);
      }),
    );
  });

  it('refuses too few or non-positive observations', () => {
    expect(fitVvixOnVix([{ vix: 10, vvix: 80 }])).toEqual({ ok: false, error: { kind: 'too-few-observations', count: 1 } });
    expect(fitVvixOnVix([{ vix: 10, vvix: 80 }, { vix: 0, vvix: 80 }, { vix: 12, vvix: 85 }])).toEqual({ ok: false, error: { kind: 'non-positive-value', index: 1 } });
  });

  it('reproduces the coefficients recorded in the config from the bundled VIX and VVIX history', async () => {
    const sample = vvixEstimationSample(vvixObservations(await realHistory()), DEFAULT_VIX_OPTION_MODEL_CONFIG);
    const fit = fitVvixOnVix(sample);
    if (!fit.ok) throw new Error(fit.error.kind);
    expect(Math.abs(fit.value.interceptLogPoints - FITTED_VVIX_FALLBACK.interceptLogPoints)).toBeLessThan(RECORDED_COEFFICIENT_TOLERANCE);
    expect(Math.abs(fit.value.slopePerLogVixPoint - FITTED_VVIX_FALLBACK.slopePerLogVixPoint)).toBeLessThan(RECORDED_COEFFICIENT_TOLERANCE);
    expect(Math.abs(fit.value.residualStdDevLog - FITTED_VVIX_FALLBACK.residualStdDevLog)).toBeLessThan(RECORDED_COEFFICIENT_TOLERANCE);
  });

  it('gives a VVIX that rises with VIX', () => {
    expect(vvixFromVix(FITTED_VVIX_FALLBACK, 40)).toBeGreaterThan(vvixFromVix(FITTED_VVIX_FALLBACK, 12));
  });
});
