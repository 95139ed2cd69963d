/**
 * Event proximity (METHODOLOGY.md section 2): trading days to the next FOMC / CPI / PPI release and
 * since the last one.
 *
 * Look-ahead: a scheduled release is public long before it happens, so the next one may be used on any
 * day. An unscheduled event (an intermeeting FOMC move) is visible only from its own day on.
 *
 * Counting: days since the last event are counted on the history's trading-day axis (past days, which
 * the engine has already read). Days to the next event are counted with the caller's
 * `countTradingDays(fromExclusive, toInclusive)` calendar function (for NYSE, pass
 * `countNyseTradingDays` from src/calendar/nyse.ts), so the figure for day t never depends on whether the
 * loaded data happens to extend past t.
 */
import type { MarketEvent, MarketHistory } from '../history/types.js';
import type { DayNumber } from '../time/day.js';
import type { SignalEventKind } from './config.js';
import { lowerBound } from '../history/daySearch.js';

export type CountTradingDays = (fromExclusive: DayNumber, toInclusive: DayNumber) => number;

export interface EventProximity {
  readonly kind: SignalEventKind;
  /** Next event of this kind on or after today (0 trading days when it is today). */
  readonly nextDay: DayNumber | undefined;
  readonly tradingDaysToNext: number | undefined;
  /** Last event of this kind on or before today (0 trading days when it is today). */
  readonly lastDay: DayNumber | undefined;
  readonly tradingDaysSinceLast: number | undefined;
}

/** Events of the history known on `day`: every scheduled one within the horizon, unscheduled ones up to today. */
export function eventsKnownOn(history: MarketHistory, day: DayNumber, horizonDays: number): MarketEvent[] {
  return history.eventsBetween(day - horizonDays, day + horizonDays).filter((e) => e.scheduled || e.day <= day);
}

/** Trading days of `axis` in (fromExclusive, toInclusive]; the axis is sorted ascending. */
export function countAxisDays(axis: Int32Array, fromExclusive: DayNumber, toInclusive: DayNumber): number {
  return upperBound(axis, toInclusive) - upperBound(axis, fromExclusive);
}

/** Index of the first axis entry greater than `day` (days are whole numbers: the first at or after day + 1). */
export function upperBound(axis: Int32Array, day: DayNumber): number {
  return lowerBound(axis, day + 1);
}

export function eventProximity(
  kind: SignalEventKind,
  day: DayNumber,
  knownEvents: readonly MarketEvent[],
  axis: Int32Array,
  countTradingDays: CountTradingDays,
): EventProximity {
  let nextDay: DayNumber | undefined;
  let lastDay: DayNumber | undefined;
  for (const e of knownEvents) {
    if (e.kind !== kind) continue;
    if (e.day >= day && (nextDay === undefined || e.day < nextDay)) nextDay = e.day;
    if (e.day <= day && (lastDay === undefined || e.day > lastDay)) lastDay = e.day;
  }
  return {
    kind,
    nextDay,
    tradingDaysToNext: nextDay === undefined ? undefined : nextDay === day ? 0 : countTradingDays(day, nextDay),
    lastDay,
    tradingDaysSinceLast: lastDay === undefined ? undefined : countAxisDays(axis, lastDay, day),
  };
}
