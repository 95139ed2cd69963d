import { describe, expect, it } from 'vitest';
import { fitSetQuotes } from '../../../../test/support/chainQuotes.js';
import { realMarketDay } from '../../../../test/support/realSurfaces.js';
import { DAYS_PER_YEAR_ACT365 } from '../../../time/day.js';
import { DEFAULT_SPX_MODEL_CONFIG, PUT_WING_SMILE, SKEW_EXCESS_SCALE_AT_FIT_DAY, SpxModelConfigSchema } from '../config.js';
import { buildSpxSurface, modelSkewIndex, modelSkewIndexOfShape, skewTargetOf } from '../surface.js';
import { termStructureNodes } from '../termStructure.js';
import { gaussLegendreRule } from '../varianceSwap.js';
import { atmVolFromQuotes, fitSmileShape, fitSmileShapeAtSkew, type SkewFitModelDay } from './skewFit.js';

/** The recorded defaults keep four significant digits. */
const RECORDED_VALUE_TOLERANCE = 5e-4;
/** SKEW points: the fitted shape's model SKEW against the day's target. */
const SKEW_TOLERANCE_POINTS = 1e-3;

const config = DEFAULT_SPX_MODEL_CONFIG;
const quotes = fitSetQuotes();
const options = { minAbsForwardDelta: config.skewFitMinAbsForwardDelta };

/**
 * The model day of 2020-12-01 as the SKEW-held fit needs it: the variance swap at T is the VIX
 * family's, linear in total variance between its tenors (flat in vol before the first, the last
 * tenor's vol beyond), so it does not depend on the smile being fitted; SKEW on that day's forwards.
 */
function fitDay(): { modelDay: SkewFitModelDay; targetSkew: number } {
  const day = realMarketDay('2020-12-01');
  const nodes = termStructureNodes(day, config);
  const surface = buildSpxSurface(day, config);
  const targetSkew = skewTargetOf(day, config);
  if (!nodes.ok || !surface.ok || targetSkew === undefined) throw new Error('test fixture: 2020-12-01');
  const tenors = nodes.value.map((n) => n.tenorDays / DAYS_PER_YEAR_ACT365);
  const totals = nodes.value.map((n, i) => n.indexDecimal ** 2 * (tenors[i] as number));
  const varianceSwapTotalVarianceAt = (t: number): number => {
    const last = tenors.length - 1;
    if (t <= (tenors[0] as number)) return ((totals[0] as number) * t) / (tenors[0] as number);
    if (t >= (tenors[last] as number)) return ((totals[last] as number) * t) / (tenors[last] as number);
    let i = 1;
    while ((tenors[i] as number) < t) i++;
    const w = (t - (tenors[i - 1] as number)) / ((tenors[i] as number) - (tenors[i - 1] as number));
    return (totals[i - 1] as number) * (1 - w) + (totals[i] as number) * w;
  };
  return {
    targetSkew,
    modelDay: {
      varianceSwapTotalVarianceAt,
      quadrature: { rule: gaussLegendreRule(config.calibrationQuadraturePointsPerSide), maxAbsZ: config.calibrationQuadratureMaxAbsZ },
      skewOf: (shape, atmAt) => {
        const skew = modelSkewIndexOfShape(surface.value, shape, atmAt);
        if (!skew.ok) throw new Error(skew.error.reason);
        return skew.value;
      },
    },
  };
}

describe('fitSmileShapeAtSkew on the 2020-12-01 SPX chain (the fit set) with that day\'s SKEW held', () => {
  const { modelDay, targetSkew } = fitDay();
  const tail = { putTailStartZ: config.smilePutTailStartZ, putTailSmoothingZ: config.smilePutTailSmoothingZ };
  const fit = fitSmileShapeAtSkew(quotes.quotes, options, tail, modelDay, targetSkew);
  if (!fit.ok) throw new Error(fit.error.reason);

  it('gives the smile parameters recorded in PUT_WING_SMILE', () => {
    expect(targetSkew).toBe(133.9);
    expect(Math.abs(fit.value.shape.wingSlopePerZ - PUT_WING_SMILE.smileWingSlopePerZ)).toBeLessThan(RECORDED_VALUE_TOLERANCE);
    expect(Math.abs(fit.value.shape.skewRho - PUT_WING_SMILE.smileSkewRho)).toBeLessThan(RECORDED_VALUE_TOLERANCE);
    expect(Math.abs(fit.value.shape.smoothingZ - PUT_WING_SMILE.smileSmoothingZ)).toBeLessThan(RECORDED_VALUE_TOLERANCE);
    expect(Math.abs((fit.value.shape.putTailSlopePerZ as number) - PUT_WING_SMILE.smilePutTailSlopePerZ)).toBeLessThan(RECORDED_VALUE_TOLERANCE);
  });

  it('holds the day\'s SKEW and fits the quotes to about 0.6 vol points RMS (0.52 without SKEW held)', () => {
    expect(Math.abs(fit.value.modelSkew - targetSkew)).toBeLessThan(SKEW_TOLERANCE_POINTS);
    expect(fit.value.rmsErrorVolPoints).toBeLessThan(0.65);
    expect(fit.value.quoteCount).toBe(600);
  });

  it('refuses a SKEW target no tail slope reaches, and a non-finite one', () => {
    expect(fitSmileShapeAtSkew(quotes.quotes, options, tail, modelDay, 400).ok).toBe(false);
    expect(fitSmileShapeAtSkew(quotes.quotes, options, tail, modelDay, Number.NaN).ok).toBe(false);
  });
});

describe('fitSmileShape (ATM read off the quotes, no SKEW held)', () => {
  const fit = fitSmileShape(quotes.quotes, options);
  if (!fit.ok) throw new Error(fit.error.reason);

  it('gives the smile parameters recorded in the config defaults', () => {
    expect(Math.abs(fit.value.shape.wingSlopePerZ - config.smileWingSlopePerZ)).toBeLessThan(RECORDED_VALUE_TOLERANCE);
    expect(Math.abs(fit.value.shape.skewRho - config.smileSkewRho)).toBeLessThan(RECORDED_VALUE_TOLERANCE);
    expect(Math.abs(fit.value.shape.smoothingZ - config.smileSmoothingZ)).toBeLessThan(RECORDED_VALUE_TOLERANCE);
  });

  it('fits the chain to well under one vol point RMS, on all three expiries', () => {
    expect(fit.value.rmsErrorVolPoints).toBeLessThan(1);
    expect(fit.value.atmVolByExpiryDay.size).toBe(3);
    expect(fit.value.quoteCount).toBeGreaterThan(500);
  });

  it('reads an ATM vol between its two neighbouring strikes', () => {
    const first = [...fit.value.atmVolByExpiryDay.values()][0] as number;
    expect(first).toBeGreaterThan(0.1);
    expect(first).toBeLessThan(0.3);
  });

  it('refuses a set with too few quotes', () => {
    expect(fitSmileShape(quotes.quotes.slice(0, 5), options).ok).toBe(false);
    expect(atmVolFromQuotes([])).toBeUndefined();
  });
});

describe('skewTargetExcessScale: the SKEW target relative to the fit day', () => {
  /** The scale is recorded to four decimals. */
  const SCALE_TOLERANCE = 5e-4;
  /** Skew-level units: the calibrated level on the fit day against 1. */
  const LEVEL_TOLERANCE = 0.005;
  const day = realMarketDay('2020-12-01');
  const median = skewTargetOf(day, config);

  it('is the fitted smile\'s own SKEW excess over the 5-day median\'s on 2020-12-01', () => {
    // By hand: the fitted smile at level 1 gives SKEW 124.04 on its 29/31-day strips, the median of the
    // five closes to 2020-12-01 is 133.9, so the scale is (124.04 - 100) / (133.9 - 100) = 0.7092.
    const fixed = buildSpxSurface(day, { ...config, skewCalibration: 'off' });
    if (!fixed.ok || median === undefined) throw new Error('test fixture: 2020-12-01');
    const skewAtLevelOne = modelSkewIndex(fixed.value);
    if (!skewAtLevelOne.ok) throw new Error(skewAtLevelOne.error.reason);
    expect(median).toBeCloseTo(133.9, 6);
    expect(Math.abs((skewAtLevelOne.value - 100) / (median - 100) - SKEW_EXCESS_SCALE_AT_FIT_DAY)).toBeLessThan(SCALE_TOLERANCE);
  });

  it('scales the excess of the median over 100, and leaves the default target the median itself', () => {
    const scaled = skewTargetOf(day, { ...config, skewTargetExcessScale: 0.5 });
    expect(scaled).toBeCloseTo(100 + 0.5 * 33.9, 9);
    expect(skewTargetOf(day, config)).toBe(median);
  });

  it('puts the fit day back on the fitted shape: skew level 1, the model SKEW on the scaled target', () => {
    const relative = { ...config, skewTargetExcessScale: SKEW_EXCESS_SCALE_AT_FIT_DAY };
    const surface = buildSpxSurface(day, relative);
    if (!surface.ok) throw new Error(surface.error.reason);
    expect(Math.abs(surface.value.skew.skewLevel - 1)).toBeLessThan(LEVEL_TOLERANCE);
    const skew = modelSkewIndex(surface.value);
    if (!skew.ok) throw new Error(skew.error.reason);
    expect(Math.abs(skew.value - (skewTargetOf(day, relative) as number))).toBeLessThan(relative.skewCalibrationToleranceSkewPoints);
  });

  it('is refused outside (0, 2] by the strict config', () => {
    expect(SpxModelConfigSchema.safeParse({ skewTargetExcessScale: 0 }).success).toBe(false);
    expect(SpxModelConfigSchema.safeParse({ skewTargetExcessScale: 2.5 }).success).toBe(false);
    expect(SpxModelConfigSchema.safeParse({ skewTargetExcessScale: 0.7092 }).success).toBe(true);
  });
});
