/**
 * The one Black-76 kernel every option price in alvh goes through. It is written in terms of the
 * forward, the total standard deviation sigma*sqrt(T) and the discount factor, so Black-Scholes-Merton
 * (forward S*exp((r-q)T)) and options on VIX futures (forward = the future) share it.
 */
import { normCdf } from './normal.js';

export type OptionType = 'call' | 'put';

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
