/**
 * Dates inside alvh are integer day numbers (days since 1970-01-01, UTC); ISO `YYYY-MM-DD` strings
 * live only at the edges (files, CLI, API). Every year fraction in the project is computed here, from
 * two day numbers, on the ACT/365 basis, so pricing, the market model and the engine cannot disagree.
 */
import { err, ok, type Result } from '../lib/result.js';

/** Days since 1970-01-01. A plain number at run time; the alias documents the unit. */
export type DayNumber = number;

export const DAYS_PER_YEAR_ACT365 = 365;
const MS_PER_DAY = 86_400_000;

export type DateParseError = { kind: 'invalid-date'; input: string; reason: string };

const DASH = 0x2d;
const DIGIT_ZERO = 0x30;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The digits of `input` from `start` (exclusive `end`) as a number, or -1 if any is not 0-9. */
function digitsAt(input: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = input.charCodeAt(i) - DIGIT_ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Day number of a valid proleptic Gregorian date by integer arithmetic on 400-year eras (H. Hinnant's
 * days_from_civil, the inverse of ymdFromDay below).
 */
function daysFromCivil(year: number, month: number, dayOfMonth: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + dayOfMonth - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * Parse an ISO `YYYY-MM-DD` date (years 0000-9999, the range isoFromDay writes); rejects impossible
 * calendar dates such as 2021-02-30. Character by character and by arithmetic rather than through a
 * regular expression and a Date: loading the bundled history parses about a hundred thousand dates.
 */
export function parseIsoDate(input: string): Result<DayNumber, DateParseError> {
  const year = input.length === 10 && input.charCodeAt(4) === DASH && input.charCodeAt(7) === DASH ? digitsAt(input, 0, 4) : -1;
  const month = year < 0 ? -1 : digitsAt(input, 5, 7);
  const dayOfMonth = month < 0 ? -1 : digitsAt(input, 8, 10);
  if (dayOfMonth < 0) return err({ kind: 'invalid-date', input, reason: 'expected YYYY-MM-DD' });
  const monthDays = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (monthDays === undefined || dayOfMonth < 1 || dayOfMonth > monthDays) {
    return err({ kind: 'invalid-date', input, reason: 'no such calendar day' });
  }
  return ok(daysFromCivil(year, month, dayOfMonth));
}

/** Parse an ISO date known to be valid (constants, tests); throws on programmer error. */
export function dayFromIso(input: string): DayNumber {
  const parsed = parseIsoDate(input);
  if (!parsed.ok) throw new Error(`invalid ISO date '${input}': ${parsed.error.reason}`);
  return parsed.value;
}

export function isoFromDay(day: DayNumber): string {
  const { year, month, dayOfMonth } = ymdFromDay(day);
  if (year < 0 || year > 9999) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${dayOfMonth < 10 ? '0' : ''}${dayOfMonth}`;
}

export function dayFromYmd(year: number, month: number, dayOfMonth: number): DayNumber {
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, dayOfMonth);
  return d.getTime() / MS_PER_DAY;
}

/**
 * Civil date of a day number by integer arithmetic on 400-year eras (H. Hinnant's civil_from_days),
 * exact for the proleptic Gregorian calendar; much cheaper than building a Date in hot loops.
 */
export function ymdFromDay(day: DayNumber): { year: number; month: number; dayOfMonth: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, dayOfMonth };
}

/** 0 = Sunday ... 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOfDay(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** ACT/365 year fraction between two days (negative when `to` is before `from`). */
export function yearFractionAct365(from: DayNumber, to: DayNumber): number {
  return (to - from) / DAYS_PER_YEAR_ACT365;
}

/** Calendar days from `from` to `to`. */
export function calendarDaysBetween(from: DayNumber, to: DayNumber): number {
  return to - from;
}
