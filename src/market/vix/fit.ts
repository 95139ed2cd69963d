/**
 * Least-squares fit of the VIX vol surface (ATM level to VVIX, tenor exponent, skew slope and
 * saturation) to the implied vols of real quotes on one day. The residual is the implied-vol error in
 * vol points, so a deep-OTM one-tick quote does not weigh less than an ATM one merely for being cheap.
 */
import type { ChainQuote } from '../quotes/otmQuotes.js';
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { median } from '../../lib/quantiles.js';
import { err, ok, type Result } from '../../lib/result.js';
import type { VixOptionModelConfig, VixVolSurfaceParams } from './config.js';
import type { VixMarketDay } from './marketDay.js';
import { compareVixQuotes } from './measure.js';
import { vixImpliedVolDecimal } from './volSurface.js';

export interface VixSurfaceFit {
  readonly surface: VixVolSurfaceParams;
  readonly quotesFitted: number;
  /** Median |model - quote| implied vol over the fitted quotes, vol points. */
  readonly medianAbsVolErrorVolPoints: number;
  readonly rmsVolErrorVolPoints: number;
}

export type VixFitError = { kind: 'too-few-quotes'; count: number; needed: number } | { kind: 'no-vvix'; day: number };

const FIT_PARAMETER_COUNT = 4;
const START = { atmVolToVvixRatio: 1, termStructureExponent: 0.2, skewSlope: 0.5, skewSaturation: 1 } as const;
const LOWER_BOUNDS = [0.3, 0, 0, 0.05];
const UPPER_BOUNDS = [3, 2, 5, 10];
const MAX_ITERATIONS = 500;

export function fitVixVolSurface(
  config: VixOptionModelConfig,
  market: VixMarketDay,
  quotes: readonly ChainQuote[],
): Result<VixSurfaceFit, VixFitError> {
  if (market.vvix === undefined) return err({ kind: 'no-vvix', day: market.day });
  const vvixPercent = market.vvix;
  const usable = compareVixQuotes(config, market, quotes).filter((row) => row.usableForFit);
  const needed = 3 * FIT_PARAMETER_COUNT;
  if (usable.length < needed) return err({ kind: 'too-few-quotes', count: usable.length, needed });
  const referenceTenorDays = config.surface.referenceTenorDays;
  const surfaceOf = (p: readonly number[]): VixVolSurfaceParams => ({
    atmVolToVvixRatio: p[0] ?? START.atmVolToVvixRatio,
    termStructureExponent: p[1] ?? START.termStructureExponent,
    referenceTenorDays,
    skewSlopePerScaledLogMoneyness: p[2] ?? START.skewSlope,
    skewSaturationScaledLogMoneyness: p[3] ?? START.skewSaturation,
  });
  const modelVolPoints = (surface: VixVolSurfaceParams, index: number): number => {
    const row = usable[index];
    if (row === undefined) throw new RangeError(`no fitted quote at index ${index}`);
    const logMoneyness = Math.log(row.quote.strike / row.forwardPoints);
    return 100 * vixImpliedVolDecimal(surface, { vvixPercent, dteDays: row.dteDays, logMoneyness });
  };
  const result = levenbergMarquardt(
    { x: usable.map((_, index) => index), y: usable.map((row) => 100 * (row.quoteVolDecimal ?? 0)) },
    (p) => (index) => modelVolPoints(surfaceOf(p), index),
    {
      initialValues: [START.atmVolToVvixRatio, START.termStructureExponent, START.skewSlope, START.skewSaturation],
      minValues: LOWER_BOUNDS,
      maxValues: UPPER_BOUNDS,
      maxIterations: MAX_ITERATIONS,
      gradientDifference: 1e-6,
      centralDifference: true,
      errorTolerance: 1e-12,
      damping: 1e-2,
    },
  );
  const surface = surfaceOf(result.parameterValues);
  const absErrors = usable.map((row, index) => Math.abs(modelVolPoints(surface, index) - 100 * (row.quoteVolDecimal ?? 0)));
  return ok({
    surface,
    quotesFitted: usable.length,
    medianAbsVolErrorVolPoints: median(absErrors),
    rmsVolErrorVolPoints: Math.sqrt(absErrors.reduce((sum, e) => sum + e * e, 0) / absErrors.length),
  });
}
