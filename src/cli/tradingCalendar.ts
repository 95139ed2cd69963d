/**
 * The exchange calendar the CLI validates and measures data against: the NYSE calendar over the years
 * it covers (1990-2030), and outside them the SPX days of the loaded history (weekdays beyond it), so
 * an import with older rows is still checked rather than refused.
 */
import type { MarketHistory } from '../history/types.js';
import { isNyseTradingDay, NYSE_CALENDAR_FIRST_DAY, NYSE_CALENDAR_LAST_DAY } from '../calendar/nyse.js';
import { calendarFromTradingDays, type TradingDayCalendar } from '../data/validate/tradingDayCalendar.js';

export interface NamedCalendar {
  readonly name: string;
  readonly calendar: TradingDayCalendar;
}

export function cliTradingCalendar(history: MarketHistory): NamedCalendar {
  const outside = calendarFromTradingDays(history.tradingDays);
  return {
    name: 'NYSE (1990-2030)',
    calendar: {
      isTradingDay: (day) => (day >= NYSE_CALENDAR_FIRST_DAY && day <= NYSE_CALENDAR_LAST_DAY ? isNyseTradingDay(day) : outside.isTradingDay(day)),
    },
  };
}
