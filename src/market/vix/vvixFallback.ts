/**
 * VVIX exists from 2006-03. Before that (and on a missing day) the model estimates it from VIX with a
 * log-log regression fitted on later years: vol of vol rises with the vol level, less than
 * proportionally.
 */
import type { VvixFallbackParams } from './config.js';
import { err, ok, type Result } from '../../lib/result.js';

export interface VvixRegression {
  readonly interceptLogPoints: number;
  readonly slopePerLogVixPoint: number;
  readonly residualStdDevLog: number;
  readonly observationCount: number;
}

export type VvixRegressionError = { kind: 'too-few-observations'; count: number } | { kind: 'non-positive-value'; index: number };

/** Ordinary least squares of ln(VVIX) on ln(VIX) over paired closes. */
export function fitVvixOnVix(
  pairs: readonly { readonly vix: number; readonly vvix: number }[],
): Result<VvixRegression, VvixRegressionError> {
  if (pairs.length < 3) return err({ kind: 'too-few-observations', count: pairs.length });
  let sumX = 0;
  let sumY = 0;
  for (const [index, pair] of pairs.entries()) {
    if (!(pair.vix > 0) || !(pair.vvix > 0)) return err({ kind: 'non-positive-value', index });
    sumX += Math.log(pair.vix);
    sumY += Math.log(pair.vvix);
  }
  const meanX = sumX / pairs.length;
  const meanY = sumY / pairs.length;
  let sxx = 0;
  let sxy = 0;
  for (const pair of pairs) {
    const dx = Math.log(pair.vix) - meanX;
    sxx += dx * dx;
    sxy += dx * (Math.log(pair.vvix) - meanY);
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let sse = 0;
  for (const pair of pairs) {
    const residual = Math.log(pair.vvix) - intercept - slope * Math.log(pair.vix);
    sse += residual * residual;
  }
  return ok({
    interceptLogPoints: intercept,
    slopePerLogVixPoint: slope,
    residualStdDevLog: Math.sqrt(sse / (pairs.length - 2)),
    observationCount: pairs.length,
  });
}

/** VVIX (percent) estimated from a VIX level (index points). */
export function vvixFromVix(params: Pick<VvixFallbackParams, 'interceptLogPoints' | 'slopePerLogVixPoint'>, vix: number): number {
  return Math.exp(params.interceptLogPoints + params.slopePerLogVixPoint * Math.log(vix));
}
