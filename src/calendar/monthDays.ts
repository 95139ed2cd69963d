/**
 * Weekday arithmetic inside a month: the building blocks of holiday and expiry rules ("third Monday of
 * January", "last Monday of May", "third Friday"). Months are 1-12, weekdays 0 = Sunday ... 6 = Saturday.
 */
import { dayFromYmd, weekdayOfDay, type DayNumber } from '../time/day.js';

const DAYS_PER_WEEK = 7;

/** The `nth` (1-based) given weekday of a month, e.g. nthWeekdayOfMonth(2025, 1, 1, 3) = MLK Day 2025. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, nth: number): DayNumber {
  const firstOfMonth = dayFromYmd(year, month, 1);
  const offsetToWeekday = (weekday - weekdayOfDay(firstOfMonth) + DAYS_PER_WEEK) % DAYS_PER_WEEK;
  return firstOfMonth + offsetToWeekday + (nth - 1) * DAYS_PER_WEEK;
}

/** The last calendar day of a month (December rolls into the next year's January 1st, less a day). */
export function lastDayOfMonth(year: number, month: number): DayNumber {
  return dayFromYmd(year, month + 1, 1) - 1;
}

/** The last given weekday of a month, e.g. lastWeekdayOfMonth(2025, 5, 1) = Memorial Day 2025. */
export function lastWeekdayOfMonth(year: number, month: number, weekday: number): DayNumber {
  const lastOfMonth = lastDayOfMonth(year, month);
  const offsetBack = (weekdayOfDay(lastOfMonth) - weekday + DAYS_PER_WEEK) % DAYS_PER_WEEK;
  return lastOfMonth - offsetBack;
}

export function isWeekend(day: DayNumber): boolean {
  const weekday = weekdayOfDay(day);
  return weekday === 0 || weekday === 6;
}

export const SUNDAY = 0;
export const MONDAY = 1;
export const TUESDAY = 2;
export const WEDNESDAY = 3;
export const THURSDAY = 4;
export const FRIDAY = 5;
export const SATURDAY = 6;
