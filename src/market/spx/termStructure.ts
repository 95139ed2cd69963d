/**
 * The day's variance term structure at the VIX-family tenors: the published index where it exists,
 * otherwise a documented fallback. Each node is a variance-swap level (what the VIX family measures),
 * not an ATM vol; the surface's ATM levels are then solved so that the model's own index matches it.
 *
 * Fallbacks, in order:
 *  1. `futures` (VIX futures exist, 2004+, tenors beyond 30 days): VIX^2 over the first 30 days, then
 *     each later 30-day window's forward variance read from the futures curve.
 *  2. `mean-reversion` (VIX only, and the 9-day tenor always): variance mean-reverting from VIX^2 at
 *     30 days towards a long-run level, both parameters fitted on 2011+ history.
 */
import { err, ok, type Result } from '../../lib/result.js';
import type { MarketDay } from '../marketDay.js';
import type { SpxModelConfig } from './config.js';
import { DAYS_PER_YEAR_ACT365 } from '../../time/day.js';

export type TenorSource = 'observed' | 'futures' | 'mean-reversion';
export type VixFamilyTenor = 'vix9d' | 'vix' | 'vix3m' | 'vix6m';
/** Cboe's name of each VIX-family index, in tenor order. */
export const VIX_FAMILY_INDEX_NAMES: Readonly<Record<VixFamilyTenor, string>> = { vix9d: 'VIX9D', vix: 'VIX', vix3m: 'VIX3M', vix6m: 'VIX6M' };

export interface TermStructureNode {
  readonly tenor: VixFamilyTenor;
  readonly tenorDays: number;
  /** Variance-swap volatility (decimal) the model's own index must reproduce at this tenor. */
  readonly indexDecimal: number;
  readonly source: TenorSource;
}

export type TermStructureError = { readonly kind: 'term-structure'; readonly reason: string };

/**
 * g(tau) = f(tau) / f(30d) with f(tau) = (1 - exp(-kappa tau)) / (kappa tau): the share of the 30-day
 * excess variance (VIX^2 - theta) left at tenor tau under mean reversion at speed kappa.
 */
function excessShare(kappaPerYear: number, tenorYears: number, anchorYears: number): number {
  const f = (t: number) => (kappaPerYear * t < 1e-9 ? 1 : (1 - Math.exp(-kappaPerYear * t)) / (kappaPerYear * t));
  return f(tenorYears) / f(anchorYears);
}

/** Variance-swap variance at `tenorDays` from VIX^2 at the anchor tenor and a long-run variance. */
export function meanRevertingVariance(
  vixVariance: number,
  longRunVariance: number,
  kappaPerYear: number,
  tenorDays: number,
  anchorDays: number,
): number {
  const share = excessShare(kappaPerYear, tenorDays / DAYS_PER_YEAR_ACT365, anchorDays / DAYS_PER_YEAR_ACT365);
  return longRunVariance + (vixVariance - longRunVariance) * share;
}

/** Futures settle (VIX points) at `dteDays`, linear in days between contracts, flat beyond the last one. */
function futureAt(points: readonly { dteDays: number; settle: number }[], dteDays: number): number | undefined {
  const first = points[0];
  if (first === undefined) return undefined;
  if (dteDays <= first.dteDays) return first.settle;
  for (let i = 1; i < points.length; i++) {
    const lo = points[i - 1] as { dteDays: number; settle: number };
    const hi = points[i] as { dteDays: number; settle: number };
    if (dteDays <= hi.dteDays) return lo.settle + ((hi.settle - lo.settle) * (dteDays - lo.dteDays)) / (hi.dteDays - lo.dteDays);
  }
  return (points[points.length - 1] as { settle: number }).settle;
}

/**
 * Variance-swap variance at `tenorDays` (> 30) stitched from VIX and the futures curve: a VIX future
 * expiring in t days settles on the 30-day variance from t to t + 30, so its settle^2 is read as that
 * window's forward variance (futures convexity is ignored, which biases the result low).
 */
export function futuresStitchedVariance(day: MarketDay, config: SpxModelConfig, tenorDays: number): number | undefined {
  const anchor = config.vixTenorDays;
  const usable = day.futures.filter(
    (f) => f.dteDays >= config.futuresFallbackMinDteDays && f.dteDays <= config.futuresFallbackMaxDteDays,
  );
  if (usable.length === 0 || tenorDays <= anchor) return undefined;
  let totalVarianceDays = day.vixDecimal ** 2 * anchor;
  for (let start = anchor; start < tenorDays; start += anchor) {
    const windowDays = Math.min(anchor, tenorDays - start);
    const future = futureAt(usable, start) as number;
    totalVarianceDays += (future / 100) ** 2 * windowDays;
  }
  return totalVarianceDays / tenorDays;
}

/** Which fallback to use when tenors are missing; `auto` uses futures when the day has them. */
export type FallbackPolicy = 'auto' | 'mean-reversion-only' | 'futures-only';

export interface TermStructureOptions {
  /** Ignore published VIX9D/VIX3M/VIX6M (to measure a fallback on days where they exist). */
  readonly ignoreObservedTenors?: boolean;
  readonly fallback?: FallbackPolicy;
}

/** The four VIX-family nodes of `day`, each observed or filled by the fallback. */
export function termStructureNodes(
  day: MarketDay,
  config: SpxModelConfig,
  options: TermStructureOptions = {},
): Result<readonly TermStructureNode[], TermStructureError> {
  if (!(day.vixDecimal > 0) || !Number.isFinite(day.vixDecimal)) {
    return err({ kind: 'term-structure', reason: `VIX must be a positive finite decimal, got ${day.vixDecimal}` });
  }
  const policy = options.fallback ?? 'auto';
  const vixVariance = day.vixDecimal ** 2;
  const useFutures = policy !== 'mean-reversion-only';
  if (policy === 'futures-only' && futuresStitchedVariance(day, config, config.vix3mTenorDays) === undefined) {
    return err({ kind: 'term-structure', reason: 'no usable VIX futures on this day' });
  }
  const node = (tenor: VixFamilyTenor, tenorDays: number, observed: number | undefined): TermStructureNode => {
    if (observed !== undefined && !options.ignoreObservedTenors) {
      return { tenor, tenorDays, indexDecimal: observed, source: 'observed' };
    }
    const fromFutures = useFutures ? futuresStitchedVariance(day, config, tenorDays) : undefined;
    if (fromFutures !== undefined) return { tenor, tenorDays, indexDecimal: Math.sqrt(fromFutures), source: 'futures' };
    const longRun = config.longRunVolDecimal ** 2;
    const variance = meanRevertingVariance(vixVariance, longRun, config.meanReversionPerYear, tenorDays, config.vixTenorDays);
    return { tenor, tenorDays, indexDecimal: Math.sqrt(Math.max(variance, 0)), source: 'mean-reversion' };
  };
  const nodes = [
    node('vix9d', config.vix9dTenorDays, day.vix9dDecimal),
    { tenor: 'vix' as const, tenorDays: config.vixTenorDays, indexDecimal: day.vixDecimal, source: 'observed' as const },
    node('vix3m', config.vix3mTenorDays, day.vix3mDecimal),
    node('vix6m', config.vix6mTenorDays, day.vix6mDecimal),
  ];
  for (const n of nodes) {
    if (!(n.indexDecimal > 0) || !Number.isFinite(n.indexDecimal)) {
      return err({ kind: 'term-structure', reason: `${n.tenor} level ${n.indexDecimal} is not a positive finite decimal` });
    }
  }
  return ok(nodes);
}
