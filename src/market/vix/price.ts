/**
 * VIX option prices: Black-76 on the VX future of the option's expiry, with the vol from VVIX, its
 * term structure and the call skew. Index (VIX) points per option; multiply by the contract multiplier
 * for dollars.
 */
import { black76Price, type OptionType } from '../../pricing/black76.js';
import { normCdf } from '../../pricing/normal.js';
import { calendarDaysBetween, yearFractionAct365, type DayNumber } from '../../time/day.js';
import { isFiniteNumber } from '../../lib/finite.js';
import { err, ok, type Result } from '../../lib/result.js';
import type { VixOptionModelConfig } from './config.js';
import { vixDaySurface } from './daySurface.js';
import { vixForwardForDte, type VixForwardError } from './forward.js';
import type { VixMarketDay } from './marketDay.js';

export interface VixOptionSpec {
  readonly type: OptionType;
  readonly strike: number;
  readonly expiryDay: DayNumber;
}

export interface VixOptionModelPrice {
  readonly pricePoints: number;
  readonly forwardPoints: number;
  readonly forwardInterpolated: boolean;
  readonly volDecimal: number;
  /** VVIX used, percent; from the regression on VIX when the day has no VVIX. */
  readonly vvixPercent: number;
  readonly vvixFromFallback: boolean;
  /** dPrice/dForward (discounted Black-76 delta to the future). */
  readonly deltaToFuture: number;
  readonly discountFactor: number;
  readonly dteDays: number;
}

export type VixPricingError =
  | { kind: 'non-finite-input'; field: string }
  | { kind: 'expiry-not-after-quote-day'; dteDays: number }
  | { kind: 'no-forward'; cause: VixForwardError };

export function priceVixOption(
  config: VixOptionModelConfig,
  market: VixMarketDay,
  option: VixOptionSpec,
): Result<VixOptionModelPrice, VixPricingError> {
  if (!isFiniteNumber(option.strike) || option.strike <= 0) return err({ kind: 'non-finite-input', field: 'strike' });
  if (!isFiniteNumber(market.vixSpot) || market.vixSpot <= 0) return err({ kind: 'non-finite-input', field: 'vixSpot' });
  if (!isFiniteNumber(market.rateDecimal)) return err({ kind: 'non-finite-input', field: 'rateDecimal' });
  const dteDays = calendarDaysBetween(market.day, option.expiryDay);
  if (dteDays <= 0) return err({ kind: 'expiry-not-after-quote-day', dteDays });
  const forward = vixForwardForDte(market.futuresCurve, market.vixSpot, dteDays);
  if (!forward.ok) return err({ kind: 'no-forward', cause: forward.error });
  const surface = vixDaySurface(config, market);
  const { vvixPercent, vvixFromFallback } = surface;
  const forwardPoints = forward.value.forwardPoints;
  const logMoneyness = Math.log(option.strike / forwardPoints);
  const volDecimal = surface.volDecimal(dteDays, logMoneyness);
  const yearFraction = yearFractionAct365(market.day, option.expiryDay);
  const stdDev = volDecimal * Math.sqrt(yearFraction);
  const discountFactor = Math.exp(-market.rateDecimal * yearFraction);
  const pricePoints = black76Price(option.type, forwardPoints, option.strike, stdDev, discountFactor);
  const d1 = logMoneyness / -stdDev + 0.5 * stdDev;
  const deltaToFuture = option.type === 'call' ? discountFactor * normCdf(d1) : -discountFactor * normCdf(-d1);
  return ok({
    pricePoints,
    forwardPoints,
    forwardInterpolated: forward.value.interpolated,
    volDecimal,
    vvixPercent,
    vvixFromFallback,
    deltaToFuture,
    discountFactor,
    dteDays,
  });
}
