/**
 * The forward of a VIX option is the VX future of its expiry, never spot VIX. Weekly options expire on
 * days without a listed monthly future: their forward is interpolated linearly in days to expiry
 * between the listed contracts that bracket the expiry. Before the first listed contract the bracket's
 * lower end is spot VIX at zero days, because a VX future settles to VIX (its special opening
 * quotation) on its expiry day.
 */
import type { TermStructurePoint } from '../../history/types.js';
import { err, ok, type Result } from '../../lib/result.js';

export type VixForwardError =
  | { kind: 'expired'; dteDays: number }
  | { kind: 'beyond-curve'; dteDays: number; lastListedDteDays: number }
  | { kind: 'empty-curve' };

export interface VixForward {
  readonly forwardPoints: number;
  /** True when no listed future expires on the option's expiry day. */
  readonly interpolated: boolean;
}

export function vixForwardForDte(
  curve: readonly TermStructurePoint[],
  vixSpot: number,
  dteDays: number,
): Result<VixForward, VixForwardError> {
  if (dteDays < 0) return err({ kind: 'expired', dteDays });
  const last = curve[curve.length - 1];
  if (last === undefined) return err({ kind: 'empty-curve' });
  const exact = curve.find((p) => p.dteDays === dteDays);
  if (exact !== undefined) return ok({ forwardPoints: exact.settle, interpolated: false });
  if (dteDays > last.dteDays) return err({ kind: 'beyond-curve', dteDays, lastListedDteDays: last.dteDays });
  let lowerDte = 0;
  let lowerValue = vixSpot;
  for (const point of curve) {
    if (point.dteDays > dteDays) {
      const weight = (dteDays - lowerDte) / (point.dteDays - lowerDte);
      return ok({ forwardPoints: lowerValue + weight * (point.settle - lowerValue), interpolated: true });
    }
    lowerDte = point.dteDays;
    lowerValue = point.settle;
  }
  return err({ kind: 'beyond-curve', dteDays, lastListedDteDays: last.dteDays });
}

/** Tenor of the contango measure that scales the short-tenor dip of the vol surface, calendar days. */
export const CONTANGO_TENOR_DAYS = 30;

/**
 * The day's contango: the VX forward 30 days out over spot VIX, minus one (negative in backwardation).
 * A curve that ends before 30 days uses its last contract.
 */
export function frontContangoFraction(curve: readonly TermStructurePoint[], vixSpot: number): number {
  const last = curve[curve.length - 1];
  if (last === undefined || !(vixSpot > 0)) return 0;
  const forward = vixForwardForDte(curve, vixSpot, Math.min(CONTANGO_TENOR_DAYS, last.dteDays));
  return forward.ok ? forward.value.forwardPoints / vixSpot - 1 : 0;
}
