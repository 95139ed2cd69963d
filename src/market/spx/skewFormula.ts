/**
 * Cboe's SKEW procedure as a pure function of two expiries' strike strips (the SKEW white paper,
 * "The CBOE Skew Index - SKEW", Cboe 2010). The strip is the VIX procedure's (vixFormula.ts
 * `otmStrip`: parity forward F0, K0, out-of-the-money prices Q(K) with their ΔK weights). From it each
 * term's risk-neutral moments of the log return R = ln(S_T / F0) are
 *
 *   P1 = e^{rT} Σ -1/K² Q ΔK + ε1
 *   P2 = e^{rT} Σ  2/K² (1 - ln(K/F0)) Q ΔK + ε2
 *   P3 = e^{rT} Σ  3/K² (2 ln(K/F0) - ln²(K/F0)) Q ΔK + ε3
 *
 * with the corrections for K0 lying below F0 (x = ln(K0/F0))
 *
 *   ε1 = -(1 + ln(F0/K0) - F0/K0),  ε2 = 2 x (F0/K0 - 1) + x²/2,  ε3 = 3 x² (x/3 - 1 + F0/K0),
 *
 * the skewness S = (P3 - 3 P1 P2 + 2 P1³) / (P2 - P1²)^{3/2}, the two terms' skewness interpolated
 * linearly in time to the target tenor, and SKEW = 100 - 10 S.
 *
 * ε3 is the remainder of the spanning formula for ln³(S/F0): x³ + 3x²(F0/K0 - 1). The white paper
 * prints it so, but its worked example's ε3 (1.176e-11 for F0 = 1106.85, K0 = 1105) is this expression
 * without the 1/3, which gives 9.4e-9. Both are ten thousand times below P3's size, so the index is
 * the same to its published two decimals; this module uses the printed formula.
 */
import { err, ok, type Result } from '../../lib/result.js';
import { otmStrip, type OtmStrip, type VixFormulaError, type VixFormulaTerm } from './vixFormula.js';

/** SKEW = SKEW_CONSTANT - SKEW_SCALE * skewness (the white paper's definition). */
export const SKEW_CONSTANT = 100;
export const SKEW_SCALE = 10;

/** One term's moments of the log return and its skewness. */
export interface SkewTermMoments {
  readonly forward: number;
  readonly k0: number;
  readonly p1: number;
  readonly p2: number;
  readonly p3: number;
  readonly skewness: number;
  readonly strikesUsed: number;
}

export interface SkewFormulaResult {
  /** The index level (100 for a symmetric distribution, about 115-150 for the S&P 500). */
  readonly skewIndex: number;
  /** Interpolated skewness S of the 30-day (or target-tenor) log return. */
  readonly skewness: number;
  readonly near: SkewTermMoments;
  readonly next: SkewTermMoments;
}

/** The white paper's three corrections for K0 below the forward. */
export function skewCorrections(forward: number, k0: number): { readonly epsilon1: number; readonly epsilon2: number; readonly epsilon3: number } {
  const x = Math.log(k0 / forward);
  const ratio = forward / k0;
  return {
    epsilon1: -(1 + Math.log(forward / k0) - ratio),
    epsilon2: 2 * x * (ratio - 1) + 0.5 * x * x,
    epsilon3: 3 * x * x * (x / 3 - 1 + ratio),
  };
}

/** Skewness from the first three moments of the log return; undefined when the variance is not positive. */
export function skewnessFromMoments(p1: number, p2: number, p3: number): number | undefined {
  const variance = p2 - p1 * p1;
  if (!(variance > 0)) return undefined;
  return (p3 - 3 * p1 * p2 + 2 * p1 * p1 * p1) / variance ** 1.5;
}

function termMoments(strip: OtmStrip, label: 'near' | 'next'): Result<SkewTermMoments, VixFormulaError> {
  const { forward, k0, growth, strikes } = strip;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  for (const { strike, price, deltaStrike } of strikes) {
    const weight = (deltaStrike / (strike * strike)) * price;
    const logMoneyness = Math.log(strike / forward);
    sum1 -= weight;
    sum2 += 2 * (1 - logMoneyness) * weight;
    sum3 += 3 * (2 * logMoneyness - logMoneyness * logMoneyness) * weight;
  }
  const { epsilon1, epsilon2, epsilon3 } = skewCorrections(forward, k0);
  const p1 = growth * sum1 + epsilon1;
  const p2 = growth * sum2 + epsilon2;
  const p3 = growth * sum3 + epsilon3;
  const skewness = skewnessFromMoments(p1, p2, p3);
  if (skewness === undefined || !Number.isFinite(skewness)) {
    return err({ kind: 'vix-formula-term', term: label, reason: `the strip's variance P2 - P1^2 = ${p2 - p1 * p1} is not positive` });
  }
  return ok({ forward, k0, p1, p2, p3, skewness, strikesUsed: strikes.length });
}

/**
 * SKEW for a target tenor from a near and a next expiry: S = w S_near + (1 - w) S_next with
 * w = (T_next - T_target) / (T_next - T_near) (outside [near, next] the same weights extrapolate).
 */
export function skewFromTwoExpiries(
  near: VixFormulaTerm,
  next: VixFormulaTerm,
  targetYears: number,
): Result<SkewFormulaResult, VixFormulaError> {
  if (!(targetYears > 0) || !Number.isFinite(targetYears)) {
    return err({ kind: 'vix-formula-tenor', reason: `target tenor must be > 0 years, got ${targetYears}` });
  }
  if (!(next.timeYears > near.timeYears)) return err({ kind: 'vix-formula-tenor', reason: 'the next term must expire after the near term' });
  const nearStrip = otmStrip(near, 'near');
  if (!nearStrip.ok) return nearStrip;
  const nextStrip = otmStrip(next, 'next');
  if (!nextStrip.ok) return nextStrip;
  const nearMoments = termMoments(nearStrip.value, 'near');
  if (!nearMoments.ok) return nearMoments;
  const nextMoments = termMoments(nextStrip.value, 'next');
  if (!nextMoments.ok) return nextMoments;
  const weightNear = (next.timeYears - targetYears) / (next.timeYears - near.timeYears);
  const skewness = weightNear * nearMoments.value.skewness + (1 - weightNear) * nextMoments.value.skewness;
  return ok({ skewIndex: SKEW_CONSTANT - SKEW_SCALE * skewness, skewness, near: nearMoments.value, next: nextMoments.value });
}
