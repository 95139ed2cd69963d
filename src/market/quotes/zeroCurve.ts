/** Discount factors from a zero curve sampled at whole calendar days (the OptionMetrics-style file). */
import { err, ok, type Result } from '../../lib/result.js';
import { DAYS_PER_YEAR_ACT365 } from '../../time/day.js';

export interface ZeroCurvePoint {
  readonly tenorDays: number;
  /** Continuously compounded, decimal. */
  readonly rateDecimal: number;
}

export type ZeroCurveError = { readonly kind: 'zero-curve'; readonly reason: string };

/** Rate at `days`: linear in days between points, flat outside them. */
export function zeroRateAt(points: readonly ZeroCurvePoint[], days: number): Result<number, ZeroCurveError> {
  const sorted = [...points].sort((a, b) => a.tenorDays - b.tenorDays);
  const first = sorted[0];
  if (first === undefined) return err({ kind: 'zero-curve', reason: 'empty zero curve' });
  if (days <= first.tenorDays) return ok(first.rateDecimal);
  for (let i = 1; i < sorted.length; i++) {
    const lo = sorted[i - 1] as ZeroCurvePoint;
    const hi = sorted[i] as ZeroCurvePoint;
    if (days <= hi.tenorDays) return ok(lo.rateDecimal + ((hi.rateDecimal - lo.rateDecimal) * (days - lo.tenorDays)) / (hi.tenorDays - lo.tenorDays));
  }
  return ok((sorted[sorted.length - 1] as ZeroCurvePoint).rateDecimal);
}

export function zeroDiscountFactor(points: readonly ZeroCurvePoint[], days: number): Result<number, ZeroCurveError> {
  const rate = zeroRateAt(points, days);
  if (!rate.ok) return rate;
  return ok(Math.exp((-rate.value * days) / DAYS_PER_YEAR_ACT365));
}
