/**
 * Implied volatility of a quoted mid on the forward, in the terms the quote measurements have at hand
 * (a discount factor rather than a rate). The inversion itself is the pricing core's Black-76 solver.
 */
import { err, ok, type Result } from '../../lib/result.js';
import type { OptionType } from '../../pricing/black76.js';
import { impliedVolBlack76 } from '../../pricing/impliedVol.js';

export type ImpliedVolError = { readonly kind: 'implied-vol'; readonly reason: string };

export function impliedVolFromPrice(
  type: OptionType,
  price: number,
  forward: number,
  strike: number,
  timeYears: number,
  discountFactor: number,
): Result<number, ImpliedVolError> {
  if (!(discountFactor > 0) || !Number.isFinite(discountFactor)) {
    return err({ kind: 'implied-vol', reason: `discount factor must be finite and > 0, got ${discountFactor}` });
  }
  if (!(timeYears > 0) || !Number.isFinite(timeYears)) {
    return err({ kind: 'implied-vol', reason: `time to expiry must be finite and > 0 years, got ${timeYears}` });
  }
  const rate = -Math.log(discountFactor) / timeYears;
  const vol = impliedVolBlack76({ type, forward, strike, timeYears, rate, price });
  return vol.ok ? ok(vol.value) : err({ kind: 'implied-vol', reason: `${vol.error.kind}: ${vol.error.message}` });
}
