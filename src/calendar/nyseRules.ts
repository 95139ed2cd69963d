/**
 * The rules that make a weekday an NYSE holiday or a shortened session, year by year. The table in
 * nyse.ts is built from these once; nothing else should call them. Sources for every rule and
 * closure: NYSE holiday notices and the NYSE's historical closings list (see docs/calendars.md).
 */
import { dayFromIso, dayFromYmd, weekdayOfDay, type DayNumber } from '../time/day.js';
import { goodFriday } from './easter.js';
import {
  FRIDAY,
  MONDAY,
  SATURDAY,
  SUNDAY,
  THURSDAY,
  TUESDAY,
  WEDNESDAY,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
} from './monthDays.js';

export type NamedClosure = { readonly day: DayNumber; readonly name: string };
export type EarlyClose = { readonly closeTimeEt: string; readonly reason: string };
export type DatedEarlyClose = EarlyClose & { readonly day: DayNumber };

/** MLK Day became an NYSE holiday in 1998 (the federal holiday dates from 1986). */
export const MLK_DAY_FIRST_YEAR = 1998;
/** Juneteenth: NYSE first closed for it on 2022-06-20 (observed Monday). */
export const JUNETEENTH_FIRST_YEAR = 2022;

/**
 * A fixed-date holiday falling on a weekend: Saturday moves to Friday, Sunday to Monday (NYSE Rule 7.2
 * supplementary material). New Year's Day is the exception handled by the caller: when it is a
 * Saturday the NYSE stays open on the preceding Friday, because that Friday closes a fiscal year.
 */
function observedFixedDate(day: DayNumber): DayNumber {
  const weekday = weekdayOfDay(day);
  if (weekday === SATURDAY) return day - 1;
  if (weekday === SUNDAY) return day + 1;
  return day;
}

/** Holidays that follow a yearly rule, as the NYSE observed them in `year`. */
export function ruleBasedNyseHolidays(year: number): NamedClosure[] {
  const holidays: NamedClosure[] = [];
  const newYear = dayFromYmd(year, 1, 1);
  const newYearWeekday = weekdayOfDay(newYear);
  if (newYearWeekday === SUNDAY) holidays.push({ day: newYear + 1, name: "New Year's Day (observed)" });
  else if (newYearWeekday !== SATURDAY) holidays.push({ day: newYear, name: "New Year's Day" });

  if (year >= MLK_DAY_FIRST_YEAR) {
    holidays.push({ day: nthWeekdayOfMonth(year, 1, MONDAY, 3), name: 'Martin Luther King Jr. Day' });
  }
  holidays.push({ day: nthWeekdayOfMonth(year, 2, MONDAY, 3), name: "Washington's Birthday" });
  holidays.push({ day: goodFriday(year), name: 'Good Friday' });
  holidays.push({ day: lastWeekdayOfMonth(year, 5, MONDAY), name: 'Memorial Day' });
  if (year >= JUNETEENTH_FIRST_YEAR) {
    holidays.push(observedFixed(dayFromYmd(year, 6, 19), 'Juneteenth National Independence Day'));
  }
  holidays.push(observedFixed(dayFromYmd(year, 7, 4), 'Independence Day'));
  holidays.push({ day: nthWeekdayOfMonth(year, 9, MONDAY, 1), name: 'Labor Day' });
  holidays.push({ day: nthWeekdayOfMonth(year, 11, THURSDAY, 4), name: 'Thanksgiving Day' });
  holidays.push(observedFixed(dayFromYmd(year, 12, 25), 'Christmas Day'));
  return holidays;
}

function observedFixed(actual: DayNumber, name: string): NamedClosure {
  const observed = observedFixedDate(actual);
  return { day: observed, name: observed === actual ? name : `${name} (observed)` };
}

/** Unscheduled full-day closures from 1990 on (the previous one, Hurricane Gloria, was 1985-09-27). */
export const NYSE_SPECIAL_CLOSURES: readonly NamedClosure[] = [
  { day: dayFromIso('1994-04-27'), name: 'National Day of Mourning for President Richard Nixon' },
  { day: dayFromIso('2001-09-11'), name: 'September 11 attacks' },
  { day: dayFromIso('2001-09-12'), name: 'September 11 attacks' },
  { day: dayFromIso('2001-09-13'), name: 'September 11 attacks' },
  { day: dayFromIso('2001-09-14'), name: 'September 11 attacks' },
  { day: dayFromIso('2004-06-11'), name: 'National Day of Mourning for President Ronald Reagan' },
  { day: dayFromIso('2007-01-02'), name: 'National Day of Mourning for President Gerald Ford' },
  { day: dayFromIso('2012-10-29'), name: 'Hurricane Sandy' },
  { day: dayFromIso('2012-10-30'), name: 'Hurricane Sandy' },
  { day: dayFromIso('2018-12-05'), name: 'National Day of Mourning for President George H. W. Bush' },
  { day: dayFromIso('2025-01-09'), name: 'National Day of Mourning for President Jimmy Carter' },
];

const ONE_PM = '13:00';
const TWO_PM = '14:00';
/** Thanksgiving Friday was first shortened in 1992 (2 pm); 1 pm from 1993. */
export const THANKSGIVING_FRIDAY_EARLY_CLOSE_FIRST_YEAR = 1992;
/** Christmas Eve sessions closed at 2 pm through 1992 and at 1 pm from 1993. */
export const ONE_PM_EARLY_CLOSE_FIRST_YEAR = 1993;
/** July 3 (on a Monday, Tuesday or Thursday) has closed at 1 pm since 1995. */
export const JULY_THIRD_EARLY_CLOSE_FIRST_YEAR = 1995;
/** From 1996 through 2012 a Friday July 5 closed at 1 pm instead of a Wednesday July 3. */
export const JULY_FIFTH_EARLY_CLOSE_YEARS = { first: 1996, last: 2012 } as const;
/** From 2013 a Wednesday July 3 closes at 1 pm (and the Friday after is a full day). */
export const WEDNESDAY_JULY_THIRD_EARLY_CLOSE_FIRST_YEAR = 2013;

/** One-off shortened sessions from 1990 on: scheduled ones, then unscheduled (weather, systems, circuit breaker). */
export const NYSE_SPECIAL_EARLY_CLOSES: readonly DatedEarlyClose[] = [
  { day: dayFromIso('1994-02-11'), closeTimeEt: '14:30', reason: 'Snowstorm' },
  { day: dayFromIso('1996-01-08'), closeTimeEt: TWO_PM, reason: 'Snowstorm (also opened late, 11:00)' },
  { day: dayFromIso('1997-10-27'), closeTimeEt: '15:30', reason: 'Market-wide circuit breaker halt' },
  { day: dayFromIso('1997-12-26'), closeTimeEt: ONE_PM, reason: 'Day after Christmas' },
  { day: dayFromIso('2003-12-26'), closeTimeEt: ONE_PM, reason: 'Day after Christmas' },
  { day: dayFromIso('2005-06-01'), closeTimeEt: '15:56', reason: 'Systems communication problem' },
];

/** Shortened sessions that follow a yearly rule. The caller drops any that land on a closure. */
export function ruleBasedNyseEarlyCloses(year: number): DatedEarlyClose[] {
  const closes: DatedEarlyClose[] = [];
  const holidayCloseTime = year >= ONE_PM_EARLY_CLOSE_FIRST_YEAR ? ONE_PM : TWO_PM;

  if (year >= THANKSGIVING_FRIDAY_EARLY_CLOSE_FIRST_YEAR) {
    const thanksgiving = nthWeekdayOfMonth(year, 11, THURSDAY, 4);
    closes.push({ day: thanksgiving + 1, closeTimeEt: holidayCloseTime, reason: 'Day after Thanksgiving' });
  }

  const julyThird = dayFromYmd(year, 7, 3);
  const julyThirdWeekday = weekdayOfDay(julyThird);
  const julyThirdShortened =
    (year >= JULY_THIRD_EARLY_CLOSE_FIRST_YEAR &&
      (julyThirdWeekday === MONDAY || julyThirdWeekday === TUESDAY || julyThirdWeekday === THURSDAY)) ||
    (year >= WEDNESDAY_JULY_THIRD_EARLY_CLOSE_FIRST_YEAR && julyThirdWeekday === WEDNESDAY);
  if (julyThirdShortened) closes.push({ day: julyThird, closeTimeEt: ONE_PM, reason: 'Day before Independence Day' });
  const julyFifth = dayFromYmd(year, 7, 5);
  if (
    year >= JULY_FIFTH_EARLY_CLOSE_YEARS.first &&
    year <= JULY_FIFTH_EARLY_CLOSE_YEARS.last &&
    weekdayOfDay(julyFifth) === FRIDAY
  ) {
    closes.push({ day: julyFifth, closeTimeEt: ONE_PM, reason: 'Day after Independence Day' });
  }

  const christmasEve = dayFromYmd(year, 12, 24);
  const christmasEveWeekday = weekdayOfDay(christmasEve);
  if (christmasEveWeekday >= MONDAY && christmasEveWeekday <= THURSDAY) {
    closes.push({ day: christmasEve, closeTimeEt: holidayCloseTime, reason: 'Christmas Eve' });
  }
  return closes;
}
