/**
 * The inputs for which the pricing formulas give finite prices and Greeks, checked before pricing so
 * a user sees which input is out of range rather than NaN. The bounds are far outside any market
 * (rates of ±100 %, a century to expiry, 1000 % volatility) and well inside what doubles can carry:
 * the report's NaN rows came from r = -1000, q = 1000, T = 1e308, and S = 1e-300 with K = 1e300.
 */

export const PRICING_INPUT_DOMAIN = {
  /** |rate| and |dividend yield| at most this, decimal per year (1 = 100 %). */
  maxAbsRate: 1,
  /** Time to expiry at most this, years. */
  maxTimeYears: 100,
  /** Volatility at most this, decimal per year (10 = 1000 %). */
  maxSigma: 10,
  /** Spot, forward and strike from this ... */
  minLevelPoints: 1e-6,
  /** ... to this, index points. */
  maxLevelPoints: 1e9,
} as const;

export type PricingInputField = 'spot' | 'forward' | 'strike' | 'timeYears' | 'rate' | 'dividendYield' | 'sigma';

export interface PricingInputs {
  readonly spot?: number;
  readonly forward?: number;
  readonly strike: number;
  readonly timeYears: number;
  readonly rate: number;
  readonly dividendYield?: number;
  readonly sigma: number;
}

/** The first input outside the domain, with why; undefined when every input is inside it. */
export function pricingDomainProblem(inputs: PricingInputs): { field: PricingInputField; message: string } | undefined {
  const D = PRICING_INPUT_DOMAIN;
  const level = (field: PricingInputField, value: number | undefined) =>
    value === undefined || (value >= D.minLevelPoints && value <= D.maxLevelPoints) ? undefined : { field, message: `${value} is outside [${D.minLevelPoints}, ${D.maxLevelPoints}] index points` };
  const rate = (field: PricingInputField, value: number | undefined) =>
    value === undefined || Math.abs(value) <= D.maxAbsRate ? undefined : { field, message: `${value} is outside [-${D.maxAbsRate}, ${D.maxAbsRate}] (a decimal per year: 0.05 is 5 %)` };
  return (
    level('spot', inputs.spot) ??
    level('forward', inputs.forward) ??
    level('strike', inputs.strike) ??
    (inputs.timeYears >= 0 && inputs.timeYears <= D.maxTimeYears ? undefined : { field: 'timeYears' as const, message: `${inputs.timeYears} is outside [0, ${D.maxTimeYears}] years` }) ??
    rate('rate', inputs.rate) ??
    rate('dividendYield', inputs.dividendYield) ??
    (inputs.sigma >= 0 && inputs.sigma <= D.maxSigma ? undefined : { field: 'sigma' as const, message: `${inputs.sigma} is outside [0, ${D.maxSigma}] (a decimal per year: 0.2 is 20 %)` })
  );
}
