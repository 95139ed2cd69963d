/**
 * Fits the smile shape (eta, rho, zeta of smile.ts) to one day's real OTM quotes. Each expiry's ATM
 * vol is read off the quotes (linear in log-moneyness between the two strikes around the forward), so
 * the fit sees only the shape in standardised moneyness, which is what the model takes from it; the
 * ATM level comes from the VIX family on every other day.
 */
import { err, ok, type Result } from '../../../lib/result.js';
import type { OtmQuote } from '../../quotes/otmQuotes.js';
import { smileVarianceRatio, type SmileShape } from '../smile.js';
import { nelderMead } from './nelderMead.js';

export interface SkewFitResult {
  readonly shape: SmileShape;
  /** Root-mean-square implied-vol error of the fitted shape, in vol points. */
  readonly rmsErrorVolPoints: number;
  readonly quoteCount: number;
  readonly atmVolByExpiryDay: ReadonlyMap<number, number>;
}

export type SkewFitError = { readonly kind: 'skew-fit'; readonly reason: string };

export interface SkewFitOptions {
  /** Quotes with |forward delta| below this are left out (their mids are mostly spread). */
  readonly minAbsForwardDelta: number;
}

export const SKEW_FIT_DEFAULTS: SkewFitOptions = { minAbsForwardDelta: 0.02 };

/** ATM implied vol of one expiry: linear in log-moneyness between the quotes straddling the forward. */
export function atmVolFromQuotes(quotes: readonly OtmQuote[]): number | undefined {
  let below: OtmQuote | undefined;
  let above: OtmQuote | undefined;
  for (const q of quotes) {
    if (q.strike < q.forward && (below === undefined || q.strike > below.strike)) below = q;
    if (q.strike >= q.forward && (above === undefined || q.strike < above.strike)) above = q;
  }
  if (below === undefined || above === undefined) return undefined;
  const kBelow = Math.log(below.strike / below.forward);
  const kAbove = Math.log(above.strike / above.forward);
  if (kAbove === kBelow) return above.impliedVol;
  return below.impliedVol + ((above.impliedVol - below.impliedVol) * (0 - kBelow)) / (kAbove - kBelow);
}

const VOL_POINTS_PER_DECIMAL = 100;

export function fitSmileShape(quotes: readonly OtmQuote[], options: SkewFitOptions = SKEW_FIT_DEFAULTS): Result<SkewFitResult, SkewFitError> {
  const byExpiry = new Map<number, OtmQuote[]>();
  for (const q of quotes) {
    const list = byExpiry.get(q.expiryDay) ?? [];
    list.push(q);
    byExpiry.set(q.expiryDay, list);
  }
  const atmVolByExpiryDay = new Map<number, number>();
  const points: { z: number; atmVol: number; iv: number }[] = [];
  for (const [expiryDay, list] of [...byExpiry].sort(([a], [b]) => a - b)) {
    const atmVol = atmVolFromQuotes(list);
    if (atmVol === undefined) continue;
    atmVolByExpiryDay.set(expiryDay, atmVol);
    for (const q of list) {
      if (Math.abs(q.forwardDelta) < options.minAbsForwardDelta) continue;
      points.push({ z: Math.log(q.strike / q.forward) / (atmVol * Math.sqrt(q.timeYears)), atmVol, iv: q.impliedVol });
    }
  }
  if (points.length < 10) return err({ kind: 'skew-fit', reason: `only ${points.length} usable quotes` });
  // Parameters are searched unconstrained and mapped into their domains: eta > 0, |rho| < 1, zeta > 0.
  const toShape = (x: readonly number[]): SmileShape => ({
    wingSlopePerZ: Math.exp(x[0] as number),
    skewRho: Math.tanh(x[1] as number),
    smoothingZ: Math.exp(x[2] as number),
  });
  const sumSquares = (x: readonly number[]) => {
    const shape = toShape(x);
    let sum = 0;
    for (const p of points) {
      const ratio = smileVarianceRatio(shape, p.z);
      const modelVol = ratio > 0 ? p.atmVol * Math.sqrt(ratio) : 0;
      sum += (modelVol - p.iv) ** 2;
    }
    return sum;
  };
  const fit = nelderMead(sumSquares, [Math.log(0.5), Math.atanh(-0.7), Math.log(0.5)], {
    initialStep: [0.3, 0.3, 0.3],
    maxIterations: 5000,
    functionTolerance: 1e-14,
  });
  return ok({
    shape: toShape(fit.point),
    rmsErrorVolPoints: VOL_POINTS_PER_DECIMAL * Math.sqrt(fit.value / points.length),
    quoteCount: points.length,
    atmVolByExpiryDay,
  });
}
