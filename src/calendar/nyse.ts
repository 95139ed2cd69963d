/**
 * The NYSE trading calendar, 1990-2030. Built once at load from the rules in nyseRules.ts into a
 * sorted Int32Array of trading days (binary search for next/previous/counts) and a per-day flag array
 * (constant-time isNyseTradingDay), because the backtest asks these questions millions of times.
 *
 * Every function throws a CalendarRangeError for a day outside 1990-01-01..2030-12-31, and also when
 * the answer itself would leave that range (the next trading day after 2030-12-31): the calendar has
 * not been checked there, so it does not guess.
 */
import { dayFromYmd, isoFromDay, ymdFromDay, type DayNumber } from '../time/day.js';
import { isWeekend } from './monthDays.js';
import {
  NYSE_SPECIAL_CLOSURES,
  NYSE_SPECIAL_EARLY_CLOSES,
  ruleBasedNyseEarlyCloses,
  ruleBasedNyseHolidays,
  type EarlyClose,
} from './nyseRules.js';

export const NYSE_CALENDAR_FIRST_YEAR = 1990;
export const NYSE_CALENDAR_LAST_YEAR = 2030;
export const NYSE_CALENDAR_FIRST_DAY: DayNumber = dayFromYmd(NYSE_CALENDAR_FIRST_YEAR, 1, 1);
export const NYSE_CALENDAR_LAST_DAY: DayNumber = dayFromYmd(NYSE_CALENDAR_LAST_YEAR, 12, 31);

export type { EarlyClose } from './nyseRules.js';

/** The largest |day| a JavaScript Date can represent (ECMAScript: 1e8 days either side of 1970). */
const MAX_DATE_DAYS = 100_000_000;

/** A day the calendar cannot answer for: not an integer day number, or outside 1990-2030. */
export class CalendarRangeError extends RangeError {
  constructor(
    readonly day: number,
    readonly what: string,
  ) {
    super(
      Number.isInteger(day) && Math.abs(day) <= MAX_DATE_DAYS
        ? `${what}: ${isoFromDay(day)} is outside the NYSE calendar ` +
            `(${isoFromDay(NYSE_CALENDAR_FIRST_DAY)}..${isoFromDay(NYSE_CALENDAR_LAST_DAY)})`
        : `${what}: ${String(day)} is not an integer day number inside the calendar`,
    );
    this.name = 'CalendarRangeError';
  }
}

function requireInCalendar(day: DayNumber, what: string): void {
  if (!Number.isInteger(day) || day < NYSE_CALENDAR_FIRST_DAY || day > NYSE_CALENDAR_LAST_DAY) {
    throw new CalendarRangeError(day, what);
  }
}

type NyseTable = {
  readonly tradingDays: Int32Array;
  readonly isTradingByOffset: Uint8Array;
  readonly closureNameByDay: ReadonlyMap<DayNumber, string>;
  readonly earlyCloseByDay: ReadonlyMap<DayNumber, EarlyClose>;
};

function buildNyseTable(): NyseTable {
  const closureNameByDay = new Map<DayNumber, string>();
  for (let year = NYSE_CALENDAR_FIRST_YEAR; year <= NYSE_CALENDAR_LAST_YEAR; year += 1) {
    for (const holiday of ruleBasedNyseHolidays(year)) closureNameByDay.set(holiday.day, holiday.name);
  }
  for (const closure of NYSE_SPECIAL_CLOSURES) closureNameByDay.set(closure.day, closure.name);

  const dayCount = NYSE_CALENDAR_LAST_DAY - NYSE_CALENDAR_FIRST_DAY + 1;
  const isTradingByOffset = new Uint8Array(dayCount);
  const tradingDayList: DayNumber[] = [];
  for (let day = NYSE_CALENDAR_FIRST_DAY; day <= NYSE_CALENDAR_LAST_DAY; day += 1) {
    if (!isWeekend(day) && !closureNameByDay.has(day)) {
      isTradingByOffset[day - NYSE_CALENDAR_FIRST_DAY] = 1;
      tradingDayList.push(day);
    }
  }

  const earlyCloseByDay = new Map<DayNumber, EarlyClose>();
  const candidates = [...NYSE_SPECIAL_EARLY_CLOSES];
  for (let year = NYSE_CALENDAR_FIRST_YEAR; year <= NYSE_CALENDAR_LAST_YEAR; year += 1) {
    candidates.push(...ruleBasedNyseEarlyCloses(year));
  }
  for (const candidate of candidates) {
    // A rule can land on a day that is itself closed (e.g. a special closure); a closed day has no session.
    if (isTradingByOffset[candidate.day - NYSE_CALENDAR_FIRST_DAY] === 1) {
      earlyCloseByDay.set(candidate.day, { closeTimeEt: candidate.closeTimeEt, reason: candidate.reason });
    }
  }
  return { tradingDays: Int32Array.from(tradingDayList), isTradingByOffset, closureNameByDay, earlyCloseByDay };
}

const TABLE = buildNyseTable();

/** Number of trading days that are <= day (index of the first trading day after `day`). */
function countTradingDaysUpTo(day: DayNumber): number {
  const days = TABLE.tradingDays;
  let low = 0;
  let high = days.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((days[mid] as number) <= day) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function isNyseTradingDay(day: DayNumber): boolean {
  requireInCalendar(day, 'isNyseTradingDay');
  return TABLE.isTradingByOffset[day - NYSE_CALENDAR_FIRST_DAY] === 1;
}

/** The name of a full-day closure on a weekday (holiday or special closure); undefined otherwise, weekends included. */
export function nyseHolidayName(day: DayNumber): string | undefined {
  requireInCalendar(day, 'nyseHolidayName');
  return TABLE.closureNameByDay.get(day);
}

/** The shortened session on `day`, if any: close time in US Eastern time (HH:MM) and why. */
export function nyseEarlyClose(day: DayNumber): EarlyClose | undefined {
  requireInCalendar(day, 'nyseEarlyClose');
  return TABLE.earlyCloseByDay.get(day);
}

/** The first trading day strictly after `day`. */
export function nextNyseTradingDay(day: DayNumber): DayNumber {
  requireInCalendar(day, 'nextNyseTradingDay');
  const next = TABLE.tradingDays[countTradingDaysUpTo(day)];
  if (next === undefined) throw new CalendarRangeError(day + 1, 'nextNyseTradingDay (answer)');
  return next;
}

/** The last trading day strictly before `day`. */
export function previousNyseTradingDay(day: DayNumber): DayNumber {
  requireInCalendar(day, 'previousNyseTradingDay');
  const previous = TABLE.tradingDays[countTradingDaysUpTo(day - 1) - 1];
  if (previous === undefined) throw new CalendarRangeError(day - 1, 'previousNyseTradingDay (answer)');
  return previous;
}

/** Trading days in [fromDay, toDay], ascending; empty when toDay < fromDay. */
export function nyseTradingDaysBetween(fromDay: DayNumber, toDay: DayNumber): DayNumber[] {
  requireInCalendar(fromDay, 'nyseTradingDaysBetween fromDay');
  requireInCalendar(toDay, 'nyseTradingDaysBetween toDay');
  if (toDay < fromDay) return [];
  return Array.from(TABLE.tradingDays.subarray(countTradingDaysUpTo(fromDay - 1), countTradingDaysUpTo(toDay)));
}

/**
 * Trading days d with fromExclusive < d <= toInclusive, e.g. trading days from today to an event.
 * Signed: when toInclusive < fromExclusive the result is minus the count the other way round, so
 * counts add up along a chain of days.
 */
export function countNyseTradingDays(fromExclusive: DayNumber, toInclusive: DayNumber): number {
  requireInCalendar(fromExclusive, 'countNyseTradingDays fromExclusive');
  requireInCalendar(toInclusive, 'countNyseTradingDays toInclusive');
  return countTradingDaysUpTo(toInclusive) - countTradingDaysUpTo(fromExclusive);
}

/** Full-day closures on weekdays in one calendar year, ascending (for reports and tests). */
export function nyseHolidaysInYear(year: number): Array<{ day: DayNumber; name: string }> {
  if (!Number.isInteger(year) || year < NYSE_CALENDAR_FIRST_YEAR || year > NYSE_CALENDAR_LAST_YEAR) {
    throw new CalendarRangeError(dayFromYmd(year, 1, 1), 'nyseHolidaysInYear');
  }
  return [...TABLE.closureNameByDay.entries()]
    .filter(([day]) => ymdFromDay(day).year === year && !isWeekend(day))
    .map(([day, name]) => ({ day, name }))
    .sort((a, b) => a.day - b.day);
}

/** Shortened sessions in one calendar year, ascending. */
export function nyseEarlyClosesInYear(year: number): Array<{ day: DayNumber } & EarlyClose> {
  if (!Number.isInteger(year) || year < NYSE_CALENDAR_FIRST_YEAR || year > NYSE_CALENDAR_LAST_YEAR) {
    throw new CalendarRangeError(dayFromYmd(year, 1, 1), 'nyseEarlyClosesInYear');
  }
  return [...TABLE.earlyCloseByDay.entries()]
    .filter(([day]) => ymdFromDay(day).year === year)
    .map(([day, close]) => ({ day, ...close }))
    .sort((a, b) => a.day - b.day);
}
