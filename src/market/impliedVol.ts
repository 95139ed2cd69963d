/**
 * Black-76 implied vol of a quoted option, by bisection: robust for the deep-OTM, one-tick quotes
 * VIX chains are full of, where Newton steps on a tiny vega diverge.
 */
import { black76Price, type OptionType } from '../pricing/black76.js';
import { err, ok, type Result } from '../lib/result.js';

export type ImpliedVolError = { kind: 'below-intrinsic' } | { kind: 'above-vol-bracket' } | { kind: 'non-positive-input' };

const VOL_BRACKET_LOW_DECIMAL = 1e-4;
const VOL_BRACKET_HIGH_DECIMAL = 10;
const BISECTION_STEPS = 80;

export function black76ImpliedVolDecimal(
  type: OptionType,
  forward: number,
  strike: number,
  yearFraction: number,
  discountFactor: number,
  price: number,
): Result<number, ImpliedVolError> {
  if (!(forward > 0) || !(strike > 0) || !(yearFraction > 0) || !(discountFactor > 0) || !(price > 0)) {
    return err({ kind: 'non-positive-input' });
  }
  const rootT = Math.sqrt(yearFraction);
  const priceAt = (vol: number): number => black76Price(type, forward, strike, vol * rootT, discountFactor);
  if (price <= priceAt(VOL_BRACKET_LOW_DECIMAL)) return err({ kind: 'below-intrinsic' });
  if (price >= priceAt(VOL_BRACKET_HIGH_DECIMAL)) return err({ kind: 'above-vol-bracket' });
  let low = VOL_BRACKET_LOW_DECIMAL;
  let high = VOL_BRACKET_HIGH_DECIMAL;
  for (let step = 0; step < BISECTION_STEPS; step += 1) {
    const mid = 0.5 * (low + high);
    if (priceAt(mid) < price) low = mid;
    else high = mid;
  }
  return ok(0.5 * (low + high));
}
