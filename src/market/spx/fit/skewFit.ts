/**
 * Fits the smile shape (eta, rho, zeta of smile.ts) to one day's real OTM quotes. Each expiry's ATM
 * vol is read off the quotes (linear in log-moneyness between the two strikes around the forward), so
 * the fit sees only the shape in standardised moneyness, which is what the model takes from it; the
 * ATM level comes from the VIX family on every other day.
 */
import { err, ok, type Result } from '../../../lib/result.js';
import type { OtmQuote } from '../../quotes/otmQuotes.js';
import { smileTotalVariance, smileVarianceRatio, type SmileShape } from '../smile.js';
import { varianceSwapTotalVariance, type VarianceSwapQuadrature } from '../varianceSwap.js';
import { nelderMead } from './nelderMead.js';
import { VOL_POINTS_PER_DECIMAL } from '../../../lib/units.js';

export interface SkewFitResult {
  readonly shape: SmileShape;
  /** Root-mean-square implied-vol error of the fitted shape, in vol points. */
  readonly rmsErrorVolPoints: number;
  readonly quoteCount: number;
  readonly atmVolByExpiryDay: ReadonlyMap<number, number>;
}

export type SkewFitError = { readonly kind: 'skew-fit'; readonly reason: string };

export interface SkewFitOptions {
  /** Quotes with |forward delta| below this are left out (config field skewFitMinAbsForwardDelta). */
  readonly minAbsForwardDelta: number;
}

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

interface FitPoint {
  readonly z: number;
  readonly atmVol: number;
  readonly iv: number;
}

/** The fit's points: each quote's standardised moneyness on its own expiry's ATM vol, with its IV. */
function fitPointsByExpiry(quotes: readonly OtmQuote[], options: SkewFitOptions): { atmVolByExpiryDay: Map<number, number>; points: FitPoint[] } {
  const byExpiry = new Map<number, OtmQuote[]>();
  for (const q of quotes) {
    const list = byExpiry.get(q.expiryDay) ?? [];
    list.push(q);
    byExpiry.set(q.expiryDay, list);
  }
  const atmVolByExpiryDay = new Map<number, number>();
  const points: FitPoint[] = [];
  for (const [expiryDay, list] of [...byExpiry].sort(([a], [b]) => a - b)) {
    const atmVol = atmVolFromQuotes(list);
    if (atmVol === undefined) continue;
    atmVolByExpiryDay.set(expiryDay, atmVol);
    for (const q of list) {
      if (Math.abs(q.forwardDelta) < options.minAbsForwardDelta) continue;
      points.push({ z: Math.log(q.strike / q.forward) / (atmVol * Math.sqrt(q.timeYears)), atmVol, iv: q.impliedVol });
    }
  }
  return { atmVolByExpiryDay, points };
}

export function fitSmileShape(quotes: readonly OtmQuote[], options: SkewFitOptions): Result<SkewFitResult, SkewFitError> {
  const { atmVolByExpiryDay, points } = fitPointsByExpiry(quotes, options);
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

/** What the SKEW-held fit needs of the quote day's model, in the model's own frame. */
export interface SkewFitModelDay {
  /**
   * The day's variance-swap total variance at an expiry (decimal^2 times years), which the VIX family
   * fixes whatever the shape: each trial shape's ATM variance at the expiry is solved to give it, as
   * the daily calibration solves it, so the fit sees the ATM level the model will have.
   */
  readonly varianceSwapTotalVarianceAt: (timeYears: number) => number;
  readonly quadrature: VarianceSwapQuadrature;
  /** Cboe's SKEW procedure on the model's 30-day strips of the day, for a shape and its ATM variances. */
  readonly skewOf: (shape: SmileShape, atmTotalVarianceAt: (timeYears: number) => number) => number;
}

/**
 * The smile fit with the day's SKEW held, as the daily calibration holds it on every other day, and
 * each expiry's ATM level from the day's variance swap, as the VIX-family calibration sets it (not
 * read off the quotes as fitSmileShape reads it: a fatter put tail raises the variance swap, so the
 * calibrated ATM vol falls). eta, rho and zeta are fitted to the quotes; for each trial shape the far
 * put tail's slope beta (smile.ts; its start `tail.putTailStartZ` lies where the fitted quotes end) is
 * solved so that the model's SKEW equals `targetSkew`. The skew level of the daily calibration is
 * then 1 on the fit day. SKEW rises with beta (more weight in the left tail); a target no beta in
 * 0..PUT_TAIL_SLOPE_SEARCH_MAX reaches is an error, not a silent bound.
 */
export function fitSmileShapeAtSkew(
  quotes: readonly OtmQuote[],
  options: SkewFitOptions,
  tail: { readonly putTailStartZ: number; readonly putTailSmoothingZ: number },
  modelDay: SkewFitModelDay,
  targetSkew: number,
): Result<SkewFitResult & { readonly modelSkew: number }, SkewFitError> {
  if (!Number.isFinite(targetSkew)) return err({ kind: 'skew-fit', reason: `SKEW target must be finite, got ${targetSkew}` });
  const unconstrained = fitSmileShape(quotes, options);
  if (!unconstrained.ok) return unconstrained;
  const byTime = new Map<number, { logMoneyness: number; iv: number }[]>();
  for (const q of quotes) {
    if (Math.abs(q.forwardDelta) < options.minAbsForwardDelta) continue;
    const list = byTime.get(q.timeYears) ?? [];
    list.push({ logMoneyness: Math.log(q.strike / q.forward), iv: q.impliedVol });
    byTime.set(q.timeYears, list);
  }
  const expiries = [...byTime].sort(([a], [b]) => a - b);
  const quoteCount = expiries.reduce((n, [, list]) => n + list.length, 0);
  if (quoteCount < 10) return err({ kind: 'skew-fit', reason: `only ${quoteCount} usable quotes` });
  const withTail = (shape: SmileShape, putTailSlopePerZ: number): SmileShape => ({ ...shape, ...tail, putTailSlopePerZ });
  /** ATM total variance whose variance swap is the day's at `timeYears`: V(A) is nearly A times a constant, so A <- A V* / V(A) converges in a few steps. */
  const atmVarianceOf = (shape: SmileShape) => (timeYears: number) => {
    const target = modelDay.varianceSwapTotalVarianceAt(timeYears);
    let atm = target;
    for (let i = 0; i < ATM_SOLVE_STEPS; i++) atm *= target / varianceSwapTotalVariance(shape, atm, modelDay.quadrature);
    return atm;
  };
  const skewOf = (shape: SmileShape) => modelDay.skewOf(shape, atmVarianceOf(shape));
  /**
   * The tail slope whose SKEW is the target, by regula falsi with the Illinois modification on
   * 0..PUT_TAIL_SLOPE_SEARCH_MAX (SKEW rises with the slope and is nearly linear in it, so about ten
   * evaluations reach PUT_TAIL_SKEW_TOLERANCE where bisection takes forty).
   */
  const tailSlopeFor = (shape: SmileShape): number | undefined => {
    const gapAt = (beta: number) => skewOf(withTail(shape, beta)) - targetSkew;
    let low = 0;
    let high = PUT_TAIL_SLOPE_SEARCH_MAX;
    let gapLow = gapAt(low);
    let gapHigh = gapAt(high);
    if (!(gapLow <= 0 && gapHigh >= 0)) return undefined;
    let side = 0;
    for (let i = 0; i < PUT_TAIL_MAX_STEPS; i++) {
      const beta = (low * gapHigh - high * gapLow) / (gapHigh - gapLow);
      const gap = gapAt(beta);
      if (Math.abs(gap) <= PUT_TAIL_SKEW_TOLERANCE) return beta;
      if (gap < 0) {
        low = beta;
        gapLow = gap;
        if (side === -1) gapHigh /= 2;
        side = -1;
      } else {
        high = beta;
        gapHigh = gap;
        if (side === 1) gapLow /= 2;
        side = 1;
      }
    }
    return (low * gapHigh - high * gapLow) / (gapHigh - gapLow);
  };
  const sumSquaresOf = (shape: SmileShape) => {
    const atmAt = atmVarianceOf(shape);
    let sum = 0;
    for (const [timeYears, list] of expiries) {
      const atm = atmAt(timeYears);
      for (const p of list) {
        const w = smileTotalVariance(shape, atm, p.logMoneyness);
        const modelVol = w > 0 ? Math.sqrt(w / timeYears) : 0;
        sum += (modelVol - p.iv) ** 2;
      }
    }
    return sum;
  };
  const toShape = (x: readonly number[]): SmileShape => ({
    wingSlopePerZ: Math.exp(x[0] as number),
    skewRho: Math.tanh(x[1] as number),
    smoothingZ: Math.exp(x[2] as number),
  });
  const objective = (x: readonly number[]) => {
    const shape = toShape(x);
    const beta = tailSlopeFor(shape);
    return beta === undefined ? Number.POSITIVE_INFINITY : sumSquaresOf(withTail(shape, beta));
  };
  const start = unconstrained.value.shape;
  if (tailSlopeFor(start) === undefined) {
    return err({ kind: 'skew-fit', reason: `no far put tail slope in 0..${PUT_TAIL_SLOPE_SEARCH_MAX} gives SKEW ${targetSkew} on the quotes' own shape` });
  }
  const fit = nelderMead(objective, [Math.log(start.wingSlopePerZ), Math.atanh(start.skewRho), Math.log(start.smoothingZ)], {
    initialStep: [0.1, 0.1, 0.1],
    maxIterations: 2000,
    functionTolerance: 1e-12,
  });
  const base = toShape(fit.point);
  const beta = tailSlopeFor(base);
  if (beta === undefined || !Number.isFinite(fit.value)) {
    return err({ kind: 'skew-fit', reason: `no far put tail slope in 0..${PUT_TAIL_SLOPE_SEARCH_MAX} gives SKEW ${targetSkew}` });
  }
  const shape = withTail(base, beta);
  const atmAt = atmVarianceOf(shape);
  return ok({
    shape,
    rmsErrorVolPoints: VOL_POINTS_PER_DECIMAL * Math.sqrt(fit.value / quoteCount),
    quoteCount,
    atmVolByExpiryDay: new Map(
      [...unconstrained.value.atmVolByExpiryDay.keys()].map((expiryDay) => {
        const timeYears = quotes.find((q) => q.expiryDay === expiryDay)?.timeYears ?? Number.NaN;
        return [expiryDay, Math.sqrt(atmAt(timeYears) / timeYears)] as const;
      }),
    ),
    modelSkew: skewOf(shape),
  });
}

/** Fixed-point steps of the ATM solve; V(A) / A changes by under 1 % across them, so 8 leave ~1e-12. */
const ATM_SOLVE_STEPS = 8;
/** The tail's slope is searched in 0..this (total-variance ratio per unit of z). */
const PUT_TAIL_SLOPE_SEARCH_MAX = 8;
/** The tail's solve stops this close to the SKEW target (SKEW points; Cboe publishes 2 decimals). */
const PUT_TAIL_SKEW_TOLERANCE = 1e-7;
const PUT_TAIL_MAX_STEPS = 60;
