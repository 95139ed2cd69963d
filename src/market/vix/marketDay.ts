/**
 * The one day of market data the VIX-option model reads: plain numbers, so the model does not depend
 * on how history is stored.
 */
import type { MarketHistory, TermStructurePoint } from '../../history/types.js';
import type { DayNumber } from '../../time/day.js';
import { err, ok, type Result } from '../../lib/result.js';

export interface VixMarketDay {
  readonly day: DayNumber;
  /** Spot VIX close, index points. */
  readonly vixSpot: number;
  /** VVIX close (30-day implied vol of VIX, in percent); undefined before 2006-03 or on a missing day. */
  readonly vvix: number | undefined;
  /** Continuously compounded risk-free rate, decimal. */
  readonly rateDecimal: number;
  /** Listed VX futures settlements of the day with dteDays >= 0, nearest first. */
  readonly futuresCurve: readonly TermStructurePoint[];
}

export type VixMarketDayError = { kind: 'missing-series'; day: DayNumber; series: 'vix' | 'riskFreeRate' | 'vxFutures' };

/** The snapshot of `day` from a history; VVIX may be absent (the pricer then uses its fallback). */
export function vixMarketDayFromHistory(history: MarketHistory, day: DayNumber): Result<VixMarketDay, VixMarketDayError> {
  const vixSpot = history.closeOn('vix', day);
  if (vixSpot === undefined) return err({ kind: 'missing-series', day, series: 'vix' });
  const rateDecimal = history.riskFreeRateOn(day);
  if (rateDecimal === undefined) return err({ kind: 'missing-series', day, series: 'riskFreeRate' });
  const futuresCurve = history.termStructureOn(day);
  if (futuresCurve.length === 0) return err({ kind: 'missing-series', day, series: 'vxFutures' });
  return ok({ day, vixSpot, vvix: history.closeOn('vvix', day), rateDecimal, futuresCurve });
}
