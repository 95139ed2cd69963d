/**
 * Implied volatility of a quoted mid under Black-76 on the forward, by bisection on the total standard
 * deviation (monotone price, so bisection cannot miss; 200 halvings reach double precision).
 */
import { err, ok, type Result } from '../../lib/result.js';
import { black76Price, type OptionType } from '../../pricing/black76.js';

export type ImpliedVolError = { readonly kind: 'implied-vol'; readonly reason: string };

/** Upper end of the search: a total standard deviation of 5 (500 % vol over one year). */
const MAX_TOTAL_STD_DEV = 5;
const BISECTION_STEPS = 200;

export function impliedVolFromPrice(
  type: OptionType,
  price: number,
  forward: number,
  strike: number,
  timeYears: number,
  discountFactor: number,
): Result<number, ImpliedVolError> {
  if (![price, forward, strike, timeYears, discountFactor].every(Number.isFinite)) {
    return err({ kind: 'implied-vol', reason: 'inputs must be finite' });
  }
  if (!(timeYears > 0) || !(forward > 0) || !(strike > 0) || !(discountFactor > 0)) {
    return err({ kind: 'implied-vol', reason: 'time, forward, strike and discount factor must be > 0' });
  }
  const intrinsic = black76Price(type, forward, strike, 0, discountFactor);
  const ceiling = black76Price(type, forward, strike, MAX_TOTAL_STD_DEV, discountFactor);
  if (!(price > intrinsic)) return err({ kind: 'implied-vol', reason: `price ${price} is not above intrinsic value ${intrinsic}` });
  if (!(price < ceiling)) return err({ kind: 'implied-vol', reason: `price ${price} is above the ${MAX_TOTAL_STD_DEV} std-dev price ${ceiling}` });
  let lo = 0;
  let hi = MAX_TOTAL_STD_DEV;
  for (let step = 0; step < BISECTION_STEPS && hi - lo > 1e-15; step++) {
    const mid = 0.5 * (lo + hi);
    if (black76Price(type, forward, strike, mid, discountFactor) < price) lo = mid;
    else hi = mid;
  }
  return ok((0.5 * (lo + hi)) / Math.sqrt(timeYears));
}
