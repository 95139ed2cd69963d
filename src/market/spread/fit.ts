/**
 * Fit of the spread model to one day of real quotes: least squares on ln(half-spread), so a one-tick
 * wing and a 3-point ATM spread count alike in relative terms. The implied-vol elasticity is fitted
 * across the day's strikes; the VIX term is not (the fit day has a single VIX level) and is held at the
 * configured elasticity.
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { median } from '../../lib/quantiles.js';
import { err, ok, type Result } from '../../lib/result.js';
import type { ProductSpreadParams } from './config.js';
import { rawHalfSpreadPoints, type SpreadInputs } from './model.js';

export interface SpreadObservation extends SpreadInputs {
  readonly halfSpreadPoints: number;
}

export interface SpreadFit {
  readonly params: ProductSpreadParams;
  readonly observations: number;
  /** Median of |ln(model / real)| over the fitted quotes (0.2 = about 20 % off). */
  readonly medianAbsLogError: number;
}

export type SpreadFitError = { kind: 'too-few-observations'; count: number };

const MIN_OBSERVATIONS = 20;
const MAX_ITERATIONS = 300;

export function fitSpreadModel(
  start: ProductSpreadParams,
  observations: readonly SpreadObservation[],
): Result<SpreadFit, SpreadFitError> {
  if (observations.length < MIN_OBSERVATIONS) return err({ kind: 'too-few-observations', count: observations.length });
  const paramsOf = (p: readonly number[]): ProductSpreadParams => ({
    ...start,
    logScale: p[0] ?? start.logScale,
    priceExponent: p[1] ?? start.priceExponent,
    dteExponent: p[2] ?? start.dteExponent,
    absDeltaCoefficient: p[3] ?? start.absDeltaCoefficient,
    impliedVolElasticity: p[4] ?? start.impliedVolElasticity,
  });
  const logModel = (params: ProductSpreadParams, index: number): number => {
    const observation = observations[index];
    if (observation === undefined) throw new RangeError(`no observation at index ${index}`);
    return Math.log(rawHalfSpreadPoints(params, observation));
  };
  const result = levenbergMarquardt(
    { x: observations.map((_, index) => index), y: observations.map((o) => Math.log(o.halfSpreadPoints)) },
    (p) => (index) => logModel(paramsOf(p), index),
    {
      initialValues: [Math.log(0.1), 0.5, 0, 0, 0],
      minValues: [-10, -1, -3, -10, 0],
      maxValues: [5, 2, 3, 10, 3],
      maxIterations: MAX_ITERATIONS,
      gradientDifference: 1e-6,
      centralDifference: true,
      errorTolerance: 1e-12,
    },
  );
  const params = paramsOf(result.parameterValues);
  const absLogErrors = observations.map((o, index) => Math.abs(logModel(params, index) - Math.log(o.halfSpreadPoints)));
  return ok({ params, observations: observations.length, medianAbsLogError: median(absLogErrors) });
}
