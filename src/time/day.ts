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
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type DateParseError = { kind: 'invalid-date'; input: string; reason: string };

/** Parse an ISO date; rejects impossible calendar dates such as 2021-02-30. */
export function parseIsoDate(input: string): Result<DayNumber, DateParseError> {
  const match = ISO_DATE.exec(input);
  if (!match) return err({ kind: 'invalid-date', input, reason: 'expected YYYY-MM-DD' });
  const year = Number(match[1]);
  const month = Number(match[2]);
  const dayOfMonth = Number(match[3]);
  const ms = Date.UTC(year, month - 1, dayOfMonth);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== dayOfMonth) {
    return err({ kind: 'invalid-date', input, reason: 'no such calendar day' });
  }
  return ok(ms / MS_PER_DAY);
}

/** Parse an ISO date known to be valid (constants, tests); throws on programmer error. */
export function dayFromIso(input: string): DayNumber {
  const parsed = parseIsoDate(input);
  if (!parsed.ok) throw new Error(`invalid ISO date '${input}': ${parsed.error.reason}`);
  return parsed.value;
}

export function isoFromDay(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function dayFromYmd(year: number, month: number, dayOfMonth: number): DayNumber {
  return Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY;
}

export function ymdFromDay(day: DayNumber): { year: number; month: number; dayOfMonth: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, dayOfMonth: d.getUTCDate() };
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
