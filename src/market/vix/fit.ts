/**
 * Least-squares fit of the shape of the VIX vol surface (tenor exponent, short-tenor dip, skew slope and
 * saturation) to the implied vols of real quotes on one day. The level is not a fitted number: for
 * every trial shape it is calibrated so that the model's 30-day strip reproduces the day's VVIX. The residual is the implied-vol error in
 * vol points, so a deep-OTM one-tick quote does not weigh less than an ATM one merely for being cheap, and
 * the loss is Huber's with a threshold of `huberThresholdVolPoints`: beyond it an error counts linearly, so
 * the one-tick wing quotes (whose IV moves 5-30 vol points with one tick) and the event-driven weeklies do
 * not bend the whole surface towards them, and the fit aims at the median error the validation measures.
 */
import type { ChainQuote } from '../quotes/otmQuotes.js';
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { median } from '../../lib/quantiles.js';
import { err, ok, type Result } from '../../lib/result.js';
import type { VixOptionModelConfig, VixVolSurfaceParams } from './config.js';
import type { VixMarketDay } from './marketDay.js';
import { compareVixQuotes } from './measure.js';
import { vvixCalibrationInputsOf } from './daySurface.js';
import { vixVolFromAtmLevel } from './volSurface.js';
import { solveAtmVolForVvix } from './vvixCalibration.js';

export interface VixSurfaceFit {
  readonly surface: VixVolSurfaceParams;
  readonly quotesFitted: number;
  /** Median |model - quote| implied vol over the fitted quotes, vol points. */
  readonly medianAbsVolErrorVolPoints: number;
  readonly rmsVolErrorVolPoints: number;
}

export type VixFitError = { kind: 'too-few-quotes'; count: number; needed: number } | { kind: 'no-vvix'; day: number };

const FIT_PARAMETER_COUNT = 7;
const START = { atmLogVolDecay: 0.5, dipFraction: 0.2, dipDays: 10, skewSlope: 0.2, skewSaturation: 2, putSkewSlope: 0.3, saturationExponent: 0 } as const;
const LOWER_BOUNDS = [0, 0, 1, 0, 0.05, 0, 0];
const UPPER_BOUNDS = [10, 0.85, 120, 5, 6, 5, 4];
const MAX_ITERATIONS = 500;

/**
 * sign(r) sqrt(2 rho(r)) for the Huber loss rho (r^2 / 2 within the threshold k, k |r| - k^2 / 2 beyond):
 * r itself within k, so that a sum of its squares is twice the Huber loss. Continuous with a continuous
 * slope at |r| = k (both sides: 1).
 */
export function huberPseudoResidual(residual: number, threshold: number): number {
  const magnitude = Math.abs(residual);
  if (magnitude <= threshold) return residual;
  return Math.sign(residual) * Math.sqrt(2 * threshold * magnitude - threshold * threshold);
}

export function fitVixVolSurface(
  config: VixOptionModelConfig,
  market: VixMarketDay,
  quotes: readonly ChainQuote[],
): Result<VixSurfaceFit, VixFitError> {
  if (market.vvix === undefined) return err({ kind: 'no-vvix', day: market.day });
  const usable = compareVixQuotes(config, market, quotes).filter((row) => row.usableForFit);
  const needed = 3 * FIT_PARAMETER_COUNT;
  if (usable.length < needed) return err({ kind: 'too-few-quotes', count: usable.length, needed });
  // The shape is fitted to the market: the level calibrates to the VVIX it published, whatever stress
  // multiple of it (vvixTargetScale) the config prices with.
  const calibration = vvixCalibrationInputsOf({ ...config, surface: { ...config.surface, vvixTargetScale: 1 } }, market);
  const { contangoFraction } = calibration;
  const surfaceOf = (p: readonly number[]): VixVolSurfaceParams => ({
    ...config.surface,
    atmLogVolDecayPerYear: p[0] ?? START.atmLogVolDecay,
    shortTenorDipFraction: p[1] ?? START.dipFraction,
    shortTenorDipDays: p[2] ?? START.dipDays,
    callSkewSlopePerStdDev: p[3] ?? START.skewSlope,
    skewSaturationStdDevs: p[4] ?? START.skewSaturation,
    putSkewSlopePerStdDev: p[5] ?? START.putSkewSlope,
    skewSaturationStdDevExponent: p[6] ?? START.saturationExponent,
    // The dip's reference is the fit day itself.
    dipReferenceContangoFraction: contangoFraction > 0 ? contangoFraction : config.surface.dipReferenceContangoFraction,
  });
  const modelVolsPoints = (surface: VixVolSurfaceParams): number[] => {
    const atmVol30 = solveAtmVolForVvix(surface, calibration);
    return usable.map((row) => 100 * vixVolFromAtmLevel(surface, atmVol30, row.dteDays, Math.log(row.quote.strike / row.forwardPoints), contangoFraction));
  };
  const quoteVolsPoints = usable.map((row) => 100 * (row.quoteVolDecimal ?? 0));
  const huberThreshold = config.fit.huberThresholdVolPoints;
  // Levenberg-Marquardt minimises a sum of squares: each quote's term is the pseudo-residual whose square
  // is twice its Huber loss, so the data are zeros and the model is the pseudo-residual.
  const result = levenbergMarquardt(
    { x: usable.map((_, index) => index), y: usable.map(() => 0) },
    (p) => {
      const vols = modelVolsPoints(surfaceOf(p));
      return (index) => huberPseudoResidual((vols[index] ?? Number.NaN) - (quoteVolsPoints[index] ?? Number.NaN), huberThreshold);
    },
    {
      initialValues: [START.atmLogVolDecay, START.dipFraction, START.dipDays, START.skewSlope, START.skewSaturation, START.putSkewSlope, START.saturationExponent],
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
  const fittedVols = modelVolsPoints(surface);
  const absErrors = usable.map((row, index) => Math.abs((fittedVols[index] ?? Number.NaN) - 100 * (row.quoteVolDecimal ?? 0)));
  return ok({
    surface,
    quotesFitted: usable.length,
    medianAbsVolErrorVolPoints: median(absErrors),
    rmsVolErrorVolPoints: Math.sqrt(absErrors.reduce((sum, e) => sum + e * e, 0) / absErrors.length),
  });
}
