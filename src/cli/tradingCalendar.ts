/**
 * The exchange calendar the CLI validates and measures data against.
 *
 * WIRING POINT (single place): the NYSE calendar (`isNyseTradingDay` in src/calendar/nyse.ts) is not
 * on this branch yet. Once it is, return
 *   { name: 'NYSE', calendar: { isTradingDay: isNyseTradingDay } }
 * here (import it from '../calendar/nyse.js'). Until then the SPX days of the loaded history stand in
 * (weekdays outside their span), which catches holidays inside the history but not after its end.
 */
import type { MarketHistory } from '../history/types.js';
import { calendarFromTradingDays, type TradingDayCalendar } from '../data/validate/tradingDayCalendar.js';

export interface NamedCalendar {
  readonly name: string;
  readonly calendar: TradingDayCalendar;
}

export function cliTradingCalendar(history: MarketHistory): NamedCalendar {
  return { name: 'SPX trading days of the history, weekdays after them', calendar: calendarFromTradingDays(history.tradingDays) };
}
