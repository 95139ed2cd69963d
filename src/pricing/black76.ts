/**
 * The one Black-76 kernel every option price in alvh goes through. It is written in terms of the
 * forward, the total standard deviation sigma*sqrt(T) and the discount factor, so Black-Scholes-Merton
 * (forward S*exp((r-q)T)) and options on VIX futures (forward = the future) share it.
 */
import { normCdf } from './normal.js';
import { requireFinite } from '../lib/finite.js';
import {
  CALENDAR_DAYS_PER_YEAR,
  forwardTerms,
  productOrZero,
  requireNonNegative,
  requirePositive,
  type OptionValuation,
} from './valuation.js';
import { VOL_POINTS_PER_DECIMAL } from '../lib/units.js';

export type OptionType = 'call' | 'put';

/** A European option on a future (VIX options on the VIX future of the same expiry). */
export interface Black76Inputs {
  type: OptionType;
  /** Futures price, index points. */
  forward: number;
  strike: number;
  /** Time to expiry in years (ACT/365). */
  timeYears: number;
  /** Continuously compounded discount rate, decimal; the price is discounted by exp(-rate*timeYears). */
  rate: number;
  /** Lognormal volatility, decimal. */
  sigma: number;
}

/**
 * Undiscounted-then-discounted Black price: discountFactor * E[(±(F - K))^+] under a lognormal F with
 * total standard deviation `stdDev` = sigma*sqrt(T). Index points, same as F and K.
 */
export function black76Price(
  type: OptionType,
  forward: number,
  strike: number,
  stdDev: number,
  discountFactor: number,
): number {
  const sign = type === 'call' ? 1 : -1;
  if (stdDev <= 0) return discountFactor * Math.max(sign * (forward - strike), 0);
  const d1 = Math.log(forward / strike) / stdDev + 0.5 * stdDev;
  const d2 = d1 - stdDev;
  return discountFactor * sign * (forward * normCdf(sign * d1) - strike * normCdf(sign * d2));
}

export function checkBlack76Inputs(i: Black76Inputs): void {
  // Field by field, not through a record: this runs on every VIX option quote of a backtest.
  requireFinite('forward', i.forward);
  requireFinite('strike', i.strike);
  requireFinite('timeYears', i.timeYears);
  requireFinite('rate', i.rate);
  requireFinite('sigma', i.sigma);
  requirePositive('forward', i.forward);
  requirePositive('strike', i.strike);
  requireNonNegative('timeYears', i.timeYears);
  requireNonNegative('sigma', i.sigma);
}

/** Black-76 price in index points. Throws on non-finite or out-of-domain inputs (programmer error). */
export function black76OptionPrice(i: Black76Inputs): number {
  checkBlack76Inputs(i);
  return black76Price(i.type, i.forward, i.strike, i.sigma * Math.sqrt(i.timeYears), Math.exp(-i.rate * i.timeYears));
}

/**
 * Black-76 price and Greeks. Delta, gamma and vanna are with respect to the future; rho holds the
 * future fixed (so it is -T * price); theta and charm move calendar time with the future fixed.
 */
export function black76Value(i: Black76Inputs): OptionValuation {
  checkBlack76Inputs(i);
  const { forward, strike, timeYears, rate, sigma } = i;
  const sqrtT = Math.sqrt(timeYears);
  const discountFactor = Math.exp(-rate * timeYears);
  const t = forwardTerms(i.type, forward, strike, sigma * sqrtT);
  const price = discountFactor * t.sign * (forward * t.probD1 - strike * t.probD2);
  const delta = t.sign * discountFactor * t.probD1;
  const discountedDensity = discountFactor * t.densityD1;
  const vegaPerUnitVol = discountedDensity * forward * sqrtT;
  const thetaPerYear = rate * price - productOrZero(discountedDensity, (forward * sigma) / (2 * sqrtT));
  return {
    price,
    delta,
    gamma: productOrZero(discountedDensity, 1 / (forward * t.stdDev)),
    vegaPerUnitVol,
    vegaPerVolPoint: vegaPerUnitVol / VOL_POINTS_PER_DECIMAL,
    thetaPerYear,
    thetaPerDay: thetaPerYear / CALENDAR_DAYS_PER_YEAR,
    rho: -timeYears * price,
    vanna: -productOrZero(discountedDensity, t.d2 / sigma),
    volga: productOrZero(vegaPerUnitVol, (t.d1 * t.d2) / sigma),
    charmPerYear: rate * delta + productOrZero(discountedDensity, t.d2 / (2 * timeYears)),
  };
}
