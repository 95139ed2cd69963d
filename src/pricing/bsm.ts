/**
 * Black-Scholes-Merton with a continuous dividend yield (SPX options). The price goes through the
 * Black-76 kernel with the forward F = S exp((r - q)T); the Greeks are with respect to spot.
 */
import type { OptionType } from './black76.js';
import {
  CALENDAR_DAYS_PER_YEAR,
  forwardTerms,
  productOrZero,
  requireNonNegative,
  requirePositive,
  type OptionValuation,
} from './valuation.js';
import { black76Price } from './black76.js';
import { requireFinite } from '../lib/finite.js';
import { VOL_POINTS_PER_DECIMAL } from '../lib/units.js';

export interface BsmInputs {
  type: OptionType;
  /** Spot index level, index points. */
  spot: number;
  strike: number;
  /** Time to expiry in years (ACT/365). */
  timeYears: number;
  /** Continuously compounded risk-free rate, decimal. */
  rate: number;
  /** Continuously compounded dividend yield, decimal. */
  dividendYield: number;
  /** Lognormal volatility, decimal. */
  sigma: number;
}

export function checkBsmInputs(i: BsmInputs): void {
  // Field by field rather than through checkOptionArguments: the backtest quotes options millions of
  // times, and building and walking a record per quote was a fifth of its time.
  requireFinite('spot', i.spot);
  requireFinite('strike', i.strike);
  requireFinite('timeYears', i.timeYears);
  requireFinite('rate', i.rate);
  requireFinite('dividendYield', i.dividendYield);
  requireFinite('sigma', i.sigma);
  requirePositive('spot', i.spot);
  requirePositive('strike', i.strike);
  requireNonNegative('timeYears', i.timeYears);
  requireNonNegative('sigma', i.sigma);
}

/** The forward S exp((r - q)T) a BSM option is priced on. */
export function bsmForward(spot: number, rate: number, dividendYield: number, timeYears: number): number {
  return spot * Math.exp((rate - dividendYield) * timeYears);
}

/** BSM price in index points. Throws on non-finite or out-of-domain inputs (programmer error). */
export function bsmOptionPrice(i: BsmInputs): number {
  checkBsmInputs(i);
  const forward = bsmForward(i.spot, i.rate, i.dividendYield, i.timeYears);
  return black76Price(i.type, forward, i.strike, i.sigma * Math.sqrt(i.timeYears), Math.exp(-i.rate * i.timeYears));
}

/** BSM price and Greeks; delta, gamma, vanna and charm are with respect to spot. */
export function bsmValue(i: BsmInputs): OptionValuation {
  checkBsmInputs(i);
  const { spot, strike, timeYears, rate, dividendYield, sigma } = i;
  const sqrtT = Math.sqrt(timeYears);
  const discountFactor = Math.exp(-rate * timeYears);
  const dividendDiscount = Math.exp(-dividendYield * timeYears);
  const forward = spot * Math.exp((rate - dividendYield) * timeYears);
  const t = forwardTerms(i.type, forward, strike, sigma * sqrtT);
  const price = discountFactor * t.sign * (forward * t.probD1 - strike * t.probD2);
  const delta = t.sign * dividendDiscount * t.probD1;
  const dividendDensity = dividendDiscount * t.densityD1;
  const vegaPerUnitVol = dividendDensity * spot * sqrtT;
  const thetaPerYear =
    -productOrZero(dividendDensity, (spot * sigma) / (2 * sqrtT)) -
    t.sign * rate * strike * discountFactor * t.probD2 +
    t.sign * dividendYield * spot * dividendDiscount * t.probD1;
  return {
    price,
    delta,
    gamma: productOrZero(dividendDensity, 1 / (spot * t.stdDev)),
    vegaPerUnitVol,
    vegaPerVolPoint: vegaPerUnitVol / VOL_POINTS_PER_DECIMAL,
    thetaPerYear,
    thetaPerDay: thetaPerYear / CALENDAR_DAYS_PER_YEAR,
    rho: t.sign * strike * timeYears * discountFactor * t.probD2,
    vanna: -productOrZero(dividendDensity, t.d2 / sigma),
    volga: productOrZero(vegaPerUnitVol, (t.d1 * t.d2) / sigma),
    charmPerYear:
      dividendYield * delta -
      productOrZero(dividendDensity, (2 * (rate - dividendYield) * timeYears - t.d2 * t.stdDev) / (2 * timeYears * t.stdDev)),
  };
}
