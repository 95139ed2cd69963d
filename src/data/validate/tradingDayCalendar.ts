/** What validation and status need of an exchange calendar; the NYSE calendar implements it. */
import { indexOfDay } from '../../history/daySearch.js';
import { weekdayOfDay, type DayNumber } from '../../time/day.js';

export interface TradingDayCalendar {
  isTradingDay(day: DayNumber): boolean;
}

/**
 * A stand-in calendar made from the SPX days of the history: inside SPX's span a trading day is a day
 * SPX has; outside it, any Monday to Friday (so exchange holidays after the data's end count as
 * trading days). Used only where the NYSE calendar is not wired in.
 */
export function calendarFromTradingDays(tradingDays: Int32Array): TradingDayCalendar {
  const first = tradingDays[0];
  const last = tradingDays[tradingDays.length - 1];
  return {
    isTradingDay(day: DayNumber): boolean {
      if (first !== undefined && last !== undefined && day >= first && day <= last) return indexOfDay(tradingDays, day) !== undefined;
      const weekday = weekdayOfDay(day);
      return weekday !== 0 && weekday !== 6;
    },
  };
}
