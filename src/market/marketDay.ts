/**
 * One day of market inputs, as plain numbers: everything the SPX and VIX models need to build that
 * day's surface, and nothing from any later day (the snapshot is the no-look-ahead boundary).
 */
import { err, ok, type Result } from '../lib/result.js';
import type { MarketHistory } from '../history/types.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import { VOL_POINTS_PER_DECIMAL } from '../lib/units.js';

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
  /**
   * The SKEW closes published on the last MAX_RECENT_SKEW_TRADING_DAYS trading days up to and
   * including this day (0 = today), oldest first; days without a close are left out. The surface's
   * SKEW target is their trailing median (SpxModelConfig.skewMedianWindowTradingDays); without
   * them, the day's own close alone.
   */
  readonly recentSkew?: readonly RecentSkewClose[];
  /** Continuously compounded, decimal. */
  readonly rateDecimal: number;
  /** Continuous dividend yield, decimal. */
  readonly dividendYieldDecimal: number;
  /** VIX futures curve, nearest first (empty before 2004). */
  readonly futures: readonly FuturesPoint[];
}

export interface RecentSkewClose {
  readonly tradingDaysAgo: number;
  /** SKEW index points. */
  readonly close: number;
}

/** How far back a market day carries SKEW closes (the largest median window the config allows). */
export const MAX_RECENT_SKEW_TRADING_DAYS = 10;

/** SKEW closes on the trading days up to `day`, from the history's trading-day list (no later day is read). */
function recentSkewCloses(history: MarketHistory, day: DayNumber): RecentSkewClose[] {
  const days = history.tradingDays;
  let hi = days.length - 1;
  let lo = 0;
  // Last trading day at or before `day`.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((days[mid] as number) <= day) lo = mid;
    else hi = mid - 1;
  }
  const closes: RecentSkewClose[] = [];
  if (days.length === 0 || (days[lo] as number) > day) return closes;
  for (let ago = MAX_RECENT_SKEW_TRADING_DAYS - 1; ago >= 0; ago--) {
    const index = lo - ago;
    if (index < 0) continue;
    const close = history.closeOn('skew', days[index] as DayNumber);
    if (close !== undefined && Number.isFinite(close) && close > 0) closes.push({ tradingDaysAgo: ago + ((days[lo] as number) === day ? 0 : 1), close });
  }
  return closes;
}

export type MarketDayError = { readonly kind: 'market-day-missing'; readonly day: DayNumber; readonly missing: string };

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
    recentSkew: recentSkewCloses(history, day),
    rateDecimal,
    dividendYieldDecimal,
    futures: history.termStructureOn(day).map((point) => ({ dteDays: point.dteDays, settle: point.settle })),
  });
}
