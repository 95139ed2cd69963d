/**
 * VIX term structure (METHODOLOGY.md section 2): the spot ratio VIX / VIX3M (>= 1 is inverted) and the
 * futures slope (M2 - M1) / M1 between the first two listed VIX futures.
 *
 * Expiring front month: on its final settlement day a VIX future settles to the special opening
 * quotation in the morning, so its "settlement" that evening is a stale morning print, not a forward.
 * Contracts with fewer than `futuresFrontMinDteDays` (default 1) calendar days left are therefore
 * skipped: on an expiry day M1 is the next contract and M2 the one after.
 */
import type { TermStructurePoint } from '../history/types.js';

export interface FuturesSlope {
  readonly front: TermStructurePoint;
  readonly second: TermStructurePoint;
  /** (M2 - M1) / M1 as a decimal; positive = contango. */
  readonly contango: number;
}

/** The front-to-second slope, or undefined when fewer than two usable contracts are listed. */
export function futuresSlope(points: readonly TermStructurePoint[], frontMinDteDays: number): FuturesSlope | undefined {
  const usable = points.filter((p) => p.dteDays >= frontMinDteDays && p.settle > 0);
  const front = usable[0];
  const second = usable[1];
  if (front === undefined || second === undefined) return undefined;
  return { front, second, contango: (second.settle - front.settle) / front.settle };
}

export interface SpotTermRatio {
  readonly vixToVix3m: number;
  readonly inverted: boolean;
}

export function spotTermRatio(vixClose: number, vix3mClose: number, inversionRatio: number): SpotTermRatio {
  const vixToVix3m = vixClose / vix3mClose;
  return { vixToVix3m, inverted: vixToVix3m >= inversionRatio };
}
