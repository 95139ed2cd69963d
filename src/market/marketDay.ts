/**
 * One day of market inputs, as plain numbers: everything the SPX and VIX models need to build that
 * day's surface, and nothing from any later day (the snapshot is the no-look-ahead boundary).
 */
import { err, ok, type Result } from '../lib/result.js';
import type { MarketHistory } from '../history/types.js';
import { isoFromDay, type DayNumber } from '../time/day.js';

/** A VIX futures contract on the day: calendar days to its final settlement and its settlement price. */
export interface FuturesPoint {
  readonly dteDays: number;
  /** VIX points. */
  readonly settle: number;
}

export interface MarketDay {
  readonly day: DayNumber;
  /** SPX close, index points. */
  readonly spot: number;
  /** VIX-family closes as decimals (0.1732 for a VIX close of 17.32); undefined before publication. */
  readonly vix9dDecimal?: number;
  readonly vixDecimal: number;
  readonly vix3mDecimal?: number;
  readonly vix6mDecimal?: number;
  /** Cboe SKEW close (index points), where it exists. */
  readonly skew?: number;
  /** Continuously compounded, decimal. */
  readonly rateDecimal: number;
  /** Continuous dividend yield, decimal. */
  readonly dividendYieldDecimal: number;
  /** VIX futures curve, nearest first (empty before 2004). */
  readonly futures: readonly FuturesPoint[];
}

export type MarketDayError = { readonly kind: 'market-day-missing'; readonly day: DayNumber; readonly missing: string };

const VOL_POINTS_PER_DECIMAL = 100;

/** The snapshot of `day` from a history; fails naming the first required series that is missing. */
export function marketDayFromHistory(history: MarketHistory, day: DayNumber): Result<MarketDay, MarketDayError> {
  const missing = (what: string) => err({ kind: 'market-day-missing' as const, day, missing: `${what} on ${isoFromDay(day)}` });
  const spot = history.closeOn('spx', day);
  if (spot === undefined) return missing('SPX close');
  const vix = history.closeOn('vix', day);
  if (vix === undefined) return missing('VIX close');
  const rateDecimal = history.riskFreeRateOn(day);
  if (rateDecimal === undefined) return missing('risk-free rate');
  const dividendYieldDecimal = history.dividendYieldOn(day);
  if (dividendYieldDecimal === undefined) return missing('dividend yield');
  const optional = (close: number | undefined) => (close === undefined ? undefined : close / VOL_POINTS_PER_DECIMAL);
  const vix9d = optional(history.closeOn('vix9d', day));
  const vix3m = optional(history.closeOn('vix3m', day));
  const vix6m = optional(history.closeOn('vix6m', day));
  const skew = history.closeOn('skew', day);
  return ok({
    day,
    spot,
    vixDecimal: vix / VOL_POINTS_PER_DECIMAL,
    ...(vix9d === undefined ? {} : { vix9dDecimal: vix9d }),
    ...(vix3m === undefined ? {} : { vix3mDecimal: vix3m }),
    ...(vix6m === undefined ? {} : { vix6mDecimal: vix6m }),
    ...(skew === undefined ? {} : { skew }),
    rateDecimal,
    dividendYieldDecimal,
    futures: history.termStructureOn(day).map((point) => ({ dteDays: point.dteDays, settle: point.settle })),
  });
}
