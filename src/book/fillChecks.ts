/**
 * What a fill typed or imported by the user must be before it enters the book, beyond its own
 * fields (bookState.checkOpen): a contract the exchange listed on the fill's day (an SPX expiry of a
 * listed series with that settlement, a monthly VIX expiry, a strike on the listed grid), on a
 * trading day the market data has, and for a close, before the position expired. Each problem is a
 * BookEditError naming the field.
 */
import { CalendarRangeError, isNyseTradingDay, NYSE_CALENDAR_FIRST_DAY, NYSE_CALENDAR_LAST_DAY, nyseHolidayName } from '../calendar/nyse.js';
import { listedSpxExpiries } from '../calendar/spxExpiries.js';
import { vixExpiry } from '../calendar/vixExpiries.js';
import type { MarketHistory } from '../history/types.js';
import { isOnStrikeGrid, SPX_STRIKE_GRID, VIX_STRIKE_GRID } from '../pricing/strikeGrid.js';
import { isoFromDay, weekdayOfDay, ymdFromDay, type DayNumber } from '../time/day.js';
import { BookEditError, type UserOpenFill } from './bookState.js';
import { indexOfDay } from '../history/daySearch.js';

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function inCalendar(day: DayNumber): boolean {
  return day >= NYSE_CALENDAR_FIRST_DAY && day <= NYSE_CALENDAR_LAST_DAY;
}

/** Why `day` is not a trading day of the data, or undefined when it is one. */
export function notATradingDay(history: Pick<MarketHistory, 'tradingDays'>, day: DayNumber): string | undefined {
  const days = history.tradingDays;
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) return 'the market data is empty';
  if (day > last) return `${isoFromDay(day)} is after the last day with market data (${isoFromDay(last)}; run alvh data update)`;
  if (day < first) return `${isoFromDay(day)} is before the market data starts (${isoFromDay(first)})`;
  if (indexOfDay(days, day) !== undefined) return undefined;
  const weekday = weekdayOfDay(day);
  if (weekday === 0 || weekday === 6) return `${isoFromDay(day)} is a ${WEEKDAY_NAMES[weekday]}`;
  const holiday = inCalendar(day) && !isNyseTradingDay(day) ? nyseHolidayName(day) : undefined;
  return `${isoFromDay(day)} is not a trading day${holiday !== undefined ? ` (${holiday})` : ' in the market data'}`;
}

/** Why the contract of `fill` was not listed on the fill's day, or undefined when it was. */
export function unlistedContract(fill: Pick<UserOpenFill, 'underlying' | 'type' | 'strike' | 'expiryDay' | 'settlement' | 'day'>): { field: string; message: string } | undefined {
  const expiryIso = isoFromDay(fill.expiryDay);
  if (!inCalendar(fill.expiryDay) || !inCalendar(fill.day)) {
    return { field: 'expiry', message: `${expiryIso} is outside the exchange calendar alvh knows (${isoFromDay(NYSE_CALENDAR_FIRST_DAY)} to ${isoFromDay(NYSE_CALENDAR_LAST_DAY)})` };
  }
  if (fill.underlying === 'VIX') {
    const { year, month } = ymdFromDay(fill.expiryDay);
    let monthly: DayNumber;
    try {
      monthly = vixExpiry(year, month);
    } catch (error) {
      if (error instanceof RangeError || error instanceof CalendarRangeError) return { field: 'expiry', message: `${expiryIso}: ${error.message}` };
      throw error;
    }
    if (monthly !== fill.expiryDay) {
      return { field: 'expiry', message: `${expiryIso} is not a VIX expiry: the ${year}-${String(month).padStart(2, '0')} VIX ${fill.type === 'future' ? 'future' : 'options'} expire on ${isoFromDay(monthly)} (weekly VIX expiries are not supported)` };
    }
    if (fill.settlement !== 'AM') return { field: 'settlement', message: 'VIX options and futures settle AM' };
    if (fill.type !== 'future' && !isOnStrikeGrid(fill.strike, VIX_STRIKE_GRID)) {
      return { field: 'strike', message: `${fill.strike} is not a listed VIX strike (0.5-point steps up to 15, whole points above)` };
    }
    return undefined;
  }
  const listed = listedSpxExpiries(fill.day, fill.expiryDay, fill.expiryDay);
  if (!listed.some((e) => e.settlement === fill.settlement)) {
    const other = listed.find((e) => e.settlement !== fill.settlement);
    const hint = other !== undefined ? ` (the ${other.kind} ${other.settlement} series expires that day: --settlement ${other.settlement})` : ` (${WEEKDAY_NAMES[weekdayOfDay(fill.expiryDay)]}; no SPX series listed on ${isoFromDay(fill.day)} expires that day)`;
    return { field: 'expiry', message: `${expiryIso} ${fill.settlement} is not a listed SPX expiry${hint}` };
  }
  if (!isOnStrikeGrid(fill.strike, SPX_STRIKE_GRID)) return { field: 'strike', message: `${fill.strike} is not a listed SPX strike (multiples of 5 points)` };
  return undefined;
}

/** Throws a BookEditError (prefixed with `origin`, file:line for an import) when a user's open is not a real trade. */
export function checkUserOpenAgainstMarket(fill: UserOpenFill & { origin?: string }, history: Pick<MarketHistory, 'tradingDays'>): void {
  const where = `${fill.origin !== undefined ? `${fill.origin}: ` : ''}${fill.group} ${fill.leg}`;
  const day = notATradingDay(history, fill.day);
  if (day !== undefined) throw new BookEditError(`${where}: field 'day': ${day}`);
  const contract = unlistedContract(fill);
  if (contract !== undefined) throw new BookEditError(`${where}: field '${contract.field}': ${contract.message}`);
}

/**
 * Throws a BookEditError when a close dated `day` is not on a trading day of the data or is after the
 * position's last trading day (an AM-settled option stops trading the day before its expiry).
 */
export function checkUserCloseDay(positionId: string, expiryDay: DayNumber, settlement: 'AM' | 'PM', day: DayNumber, history: Pick<MarketHistory, 'tradingDays'>): void {
  const problem = notATradingDay(history, day);
  if (problem !== undefined) throw new BookEditError(`${positionId}: --date: ${problem}`);
  if (settlement === 'AM' ? day >= expiryDay : day > expiryDay) throw new BookEditError(`${positionId}: --date ${isoFromDay(day)} is on or after the position's expiry ${isoFromDay(expiryDay)}: it has settled, there is nothing to close`);
}
