/**
 * The price and analytic Greeks of a European option, shared by Black-76 and Black-Scholes-Merton.
 * Both models reduce to the same lognormal forward quantities (d1, d2, the density at d1 and the two
 * probabilities), computed once here; each model then assembles its own sensitivities from them.
 */
import { requireFinite } from '../lib/finite.js';
import { DAYS_PER_YEAR_ACT365 } from '../time/day.js';
import { normCdf, normPdf } from './normal.js';
import type { OptionType } from './black76.js';

/** Price and Greeks in index points per unit of the named input; calendar time in years (ACT/365). */
export interface OptionValuation {
  price: number;
  /** dV/d(underlying): the future for Black-76, the spot for BSM. */
  delta: number;
  gamma: number;
  /** dV/d(sigma) per 1.00 of volatility. */
  vegaPerUnitVol: number;
  /** dV/d(sigma) per 0.01 of volatility (one vol point). */
  vegaPerVolPoint: number;
  /** dV/dt as calendar time passes (= -dV/dT), per year. */
  thetaPerYear: number;
  /** thetaPerYear / 365. */
  thetaPerDay: number;
  /** dV/dr per 1.00 of the rate. */
  rho: number;
  /** d(delta)/d(sigma) per 1.00 of volatility. */
  vanna: number;
  /** d(vega)/d(sigma) per 1.00 of volatility, squared. */
  volga: number;
  /** d(delta)/dt as calendar time passes, per year. */
  charmPerYear: number;
}

/** The ACT/365 basis of every year fraction (src/time/day.ts): theta per calendar day is theta per year over it. */
export const CALENDAR_DAYS_PER_YEAR = DAYS_PER_YEAR_ACT365;

/** The lognormal quantities every Greek is built from. */
export interface ForwardTerms {
  /** +1 for a call, -1 for a put. */
  readonly sign: 1 | -1;
  readonly d1: number;
  readonly d2: number;
  /** Standard normal density at d1. */
  readonly densityD1: number;
  /** Phi(sign*d1): the (undiscounted, forward) delta magnitude. */
  readonly probD1: number;
  /** Phi(sign*d2): the exercise probability under the forward measure. */
  readonly probD2: number;
  /** sigma * sqrt(T). */
  readonly stdDev: number;
}

/**
 * d1, d2 and their probabilities. A zero total deviation (sigma = 0 or T = 0) is the deterministic
 * limit: the density is 0 and both probabilities are the in-the-money indicator, which makes every
 * formula built on these terms return the intrinsic-value limit instead of 0/0.
 */
export function forwardTerms(type: OptionType, forward: number, strike: number, stdDev: number): ForwardTerms {
  const sign = type === 'call' ? 1 : -1;
  if (stdDev === 0) {
    const inTheMoney = sign * (forward - strike) > 0 ? 1 : 0;
    const infinite = forward >= strike ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    return { sign, d1: infinite, d2: infinite, densityD1: 0, probD1: inTheMoney, probD2: inTheMoney, stdDev };
  }
  const d1 = Math.log(forward / strike) / stdDev + 0.5 * stdDev;
  const d2 = d1 - stdDev;
  return { sign, d1, d2, densityD1: normPdf(d1), probD1: normCdf(sign * d1), probD2: normCdf(sign * d2), stdDev };
}

/** Common argument checks; programmer errors (not market data) so they throw. */
export function checkOptionArguments(fields: Record<string, number>): void {
  for (const [name, value] of Object.entries(fields)) requireFinite(name, value);
}

export function requirePositive(name: string, value: number): void {
  if (!(value > 0)) throw new RangeError(`${name} must be positive, got ${value}`);
}

export function requireNonNegative(name: string, value: number): void {
  if (!(value >= 0)) throw new RangeError(`${name} must be non-negative, got ${value}`);
}

/** isFinite-based checks that also give zero products when a density is zero and a ratio infinite. */
export function productOrZero(density: number, factor: number): number {
  return density === 0 ? 0 : density * factor;
}
