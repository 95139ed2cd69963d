/** What validation needs of an exchange calendar; the NYSE calendar implements it. */
import type { DayNumber } from '../../time/day.js';

export interface TradingDayCalendar {
  isTradingDay(day: DayNumber): boolean;
}
