/**
 * SPX option expiration days and which of them were listed on a given day.
 *
 * Series (all European, cash-settled, $100 multiplier; listing dates from Cboe announcements, see
 * docs/calendars.md):
 * - monthly (SPX, AM-settled): the third Friday; if that Friday is a holiday, the business day before.
 * - weekly (SPXW "End-of-Week", PM): every other Friday, from the listing of 2005-10-28.
 * - quarterly (SPXW "End-of-Quarter", PM): the last business day of March, June, September, December.
 * - end-of-month (SPXW "EOM", PM): the last business day of every month, from 2014-07-07.
 * - daily (SPXW Monday-Thursday Weeklys, PM): Wednesday from 2016-02-23, Monday from 2016-08-15,
 *   Tuesday from 2022-04-18, Thursday from 2022-05-11.
 * A PM series whose day is a holiday moves to the business day before, except Monday series, which
 * Cboe moves to the business day after. When two series fall on one day and settlement, one entry is
 * kept, in the order quarterly, end-of-month, weekly, daily.
 *
 * "Listed as of" a day means the series had been launched by then and its expiry was within the
 * listing horizon, so a backtest on that day only sees what a trader could have traded. The horizons
 * are conservative approximations of Cboe's practice (noted per series); they decide which expiry is
 * nearest a target only when a shorter series reaches that far.
 *
 * Holidays come from the NYSE calendar, which knows unscheduled closures (e.g. 2025-01-09) that were
 * announced only days ahead; an expiry moved by one is shown at its moved day even before the
 * announcement. No monthly expiry in 1990-2030 falls on such a closure.
 */
import { dayFromIso, weekdayOfDay, ymdFromDay, type DayNumber } from '../time/day.js';
import { FRIDAY, MONDAY, THURSDAY, TUESDAY, WEDNESDAY, lastDayOfMonth, nthWeekdayOfMonth } from './monthDays.js';
import {
  CalendarRangeError,
  NYSE_CALENDAR_FIRST_DAY,
  NYSE_CALENDAR_LAST_DAY,
  isNyseTradingDay,
  nextNyseTradingDay,
  previousNyseTradingDay,
} from './nyse.js';

export type SpxSettlement = 'AM' | 'PM';
export type SpxExpiryKind = 'monthly' | 'weekly' | 'end-of-month' | 'quarterly' | 'daily';
export type SpxExpiry = { readonly day: DayNumber; readonly settlement: SpxSettlement; readonly kind: SpxExpiryKind };

/**
 * Monthly SPX options: the three nearest months are always listed, and further March-cycle months
 * (plus LEAPS) out to a year; a 45-day target never needs more.
 */
export const SPX_MONTHLY_NEAR_MONTHS_LISTED = 3;
export const SPX_QUARTERLY_CYCLE_MONTHS: readonly number[] = [3, 6, 9, 12];
export const SPX_LONG_LISTING_HORIZON_DAYS = 366;

/**
 * Every field is present in every entry (undefined where it does not apply): the listing is read for
 * every day of a backtest, and entries of one shape keep V8's optimized reader when the later
 * series (2014, 2016, 2022) come into range.
 */
export type PmSeriesListing = {
  readonly kind: SpxExpiryKind;
  /** The weekday of a weekly or daily series; undefined for the quarterly and end-of-month series. */
  readonly weekday: number | undefined;
  readonly firstListedDay: DayNumber;
  /** The first expiry of the series where Cboe announced it; otherwise (undefined) any day after the launch. */
  readonly firstExpiryDay: DayNumber | undefined;
  /** Longest calendar days from a day to an expiry listed on it; later eras list further out. */
  readonly horizonDaysFrom: ReadonlyArray<{ readonly fromDay: DayNumber; readonly horizonDays: number }>;
};

/** The PM series, with launch days and listing horizons (see docs/calendars.md for sources). */
export const SPX_PM_SERIES_LISTINGS: readonly PmSeriesListing[] = [
  {
    // Cboe's first Weeklys, 2005-10-28; at first only the next Friday was listed. The Short Term
    // Option Series program later allowed five consecutive weeks (date approximate: mid-2010).
    kind: 'weekly',
    weekday: FRIDAY,
    firstListedDay: dayFromIso('2005-10-28'),
    firstExpiryDay: dayFromIso('2005-11-04'),
    horizonDaysFrom: [
      { fromDay: dayFromIso('2005-10-28'), horizonDays: 8 },
      { fromDay: dayFromIso('2010-07-01'), horizonDays: 37 },
    ],
  },
  {
    // End-of-Quarter options (SPXQ until 2014-07-03, then SPXW). Cboe sources give 2006 and 2007 as
    // the launch year; the later is used so a backtest never sees them before they surely existed.
    kind: 'quarterly',
    weekday: undefined,
    firstListedDay: dayFromIso('2007-01-02'),
    firstExpiryDay: undefined,
    horizonDaysFrom: [{ fromDay: dayFromIso('2007-01-02'), horizonDays: SPX_LONG_LISTING_HORIZON_DAYS }],
  },
  {
    // EOM launched 2014-07-07; up to twelve consecutive months are listed.
    kind: 'end-of-month',
    weekday: undefined,
    firstListedDay: dayFromIso('2014-07-07'),
    firstExpiryDay: undefined,
    horizonDaysFrom: [{ fromDay: dayFromIso('2014-07-07'), horizonDays: SPX_LONG_LISTING_HORIZON_DAYS }],
  },
  {
    // Wednesday Weeklys from 2016-02-23, first expiries 2016-03-02 and 03-09 (two weeks listed); by
    // August 2016 four weeks were listed (Cboe's 2016-08-17 list of open expiries).
    kind: 'daily',
    weekday: WEDNESDAY,
    firstListedDay: dayFromIso('2016-02-23'),
    firstExpiryDay: dayFromIso('2016-03-02'),
    horizonDaysFrom: [
      { fromDay: dayFromIso('2016-02-23'), horizonDays: 15 },
      { fromDay: dayFromIso('2016-08-15'), horizonDays: 28 },
    ],
  },
  {
    // Monday Weeklys from 2016-08-15, first expiries 2016-08-22 and 08-29; at least two listed, new
    // ones listed on Fridays (Tuesday 2016-09-06, for Labor Day, was listed on 2016-08-19).
    kind: 'daily',
    weekday: MONDAY,
    firstListedDay: dayFromIso('2016-08-15'),
    firstExpiryDay: dayFromIso('2016-08-22'),
    horizonDaysFrom: [{ fromDay: dayFromIso('2016-08-15'), horizonDays: 18 }],
  },
  {
    // Tuesday Weeklys from 2022-04-18 and Thursday Weeklys from 2022-05-11 (Cboe, 2022): two weeks assumed.
    kind: 'daily',
    weekday: TUESDAY,
    firstListedDay: dayFromIso('2022-04-18'),
    firstExpiryDay: undefined,
    horizonDaysFrom: [{ fromDay: dayFromIso('2022-04-18'), horizonDays: 14 }],
  },
  {
    kind: 'daily',
    weekday: THURSDAY,
    firstListedDay: dayFromIso('2022-05-11'),
    firstExpiryDay: undefined,
    horizonDaysFrom: [{ fromDay: dayFromIso('2022-05-11'), horizonDays: 14 }],
  },
];

const PM_KIND_PRIORITY: Readonly<Record<SpxExpiryKind, number>> = {
  monthly: 0,
  quarterly: 1,
  'end-of-month': 2,
  weekly: 3,
  daily: 4,
};

function requireCalendarDay(day: DayNumber, what: string): void {
  if (!Number.isInteger(day) || day < NYSE_CALENDAR_FIRST_DAY || day > NYSE_CALENDAR_LAST_DAY) {
    throw new CalendarRangeError(day, what);
  }
}

function businessDayOnOrBefore(day: DayNumber): DayNumber {
  return isNyseTradingDay(day) ? day : previousNyseTradingDay(day);
}

/** The AM-settled monthly expiry of `month` (1-12) of `year`: the third Friday, or the business day before it. */
export function spxMonthlyExpiry(year: number, month: number): DayNumber {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`SPX expiry month must be an integer year and a month 1-12, got ${year}-${month}`);
  }
  return businessDayOnOrBefore(nthWeekdayOfMonth(year, month, FRIDAY, 3));
}

function lastBusinessDayOfMonth(year: number, month: number): DayNumber {
  return businessDayOnOrBefore(lastDayOfMonth(year, month));
}

function horizonDaysOn(series: PmSeriesListing, asOfDay: DayNumber): number | undefined {
  let horizon: number | undefined;
  for (const era of series.horizonDaysFrom) if (asOfDay >= era.fromDay) horizon = era.horizonDays;
  return horizon;
}

function monthsCovering(fromDay: DayNumber, toDay: DayNumber): Array<{ year: number; month: number }> {
  const months: Array<{ year: number; month: number }> = [];
  let { year, month } = ymdFromDay(fromDay);
  const last = ymdFromDay(toDay);
  while (year < last.year || (year === last.year && month <= last.month)) {
    months.push({ year, month });
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

function monthlyExpiriesListed(asOfDay: DayNumber, toDay: DayNumber): SpxExpiry[] {
  const listed: SpxExpiry[] = [];
  let nearMonthsSeen = 0;
  const lastCandidateDay = Math.min(NYSE_CALENDAR_LAST_DAY, asOfDay + SPX_LONG_LISTING_HORIZON_DAYS);
  for (const { year, month } of monthsCovering(asOfDay, lastCandidateDay)) {
    const day = spxMonthlyExpiry(year, month);
    if (day < asOfDay || day > lastCandidateDay) continue;
    nearMonthsSeen += 1;
    const isListed = nearMonthsSeen <= SPX_MONTHLY_NEAR_MONTHS_LISTED || SPX_QUARTERLY_CYCLE_MONTHS.includes(month);
    if (isListed && day <= toDay) listed.push({ day, settlement: 'AM', kind: 'monthly' });
  }
  return listed;
}

/** Where a PM series scheduled on `nominalDay` actually expires, or undefined when it is not listed that week. */
function pmSeriesDay(series: PmSeriesListing, nominalDay: DayNumber): DayNumber | undefined {
  if (series.weekday === FRIDAY) {
    const { year, month } = ymdFromDay(nominalDay);
    // The third Friday belongs to the AM monthly, even when a holiday moves it to Thursday.
    if (nominalDay === nthWeekdayOfMonth(year, month, FRIDAY, 3)) return undefined;
  }
  if (isNyseTradingDay(nominalDay)) return nominalDay;
  return series.weekday === MONDAY ? nextNyseTradingDay(nominalDay) : previousNyseTradingDay(nominalDay);
}

function pmExpiriesListed(asOfDay: DayNumber, fromDay: DayNumber, toDay: DayNumber): SpxExpiry[] {
  const listed: SpxExpiry[] = [];
  for (const series of SPX_PM_SERIES_LISTINGS) {
    if (asOfDay < series.firstListedDay) continue;
    const horizonDays = horizonDaysOn(series, asOfDay);
    if (horizonDays === undefined) continue;
    const lastDay = Math.min(toDay, asOfDay + horizonDays, NYSE_CALENDAR_LAST_DAY);
    const firstDay = Math.max(fromDay, series.firstExpiryDay ?? series.firstListedDay + 1);
    if (lastDay < firstDay) continue;
    if (series.weekday === undefined) {
      for (const { year, month } of monthsCovering(firstDay, lastDay)) {
        if (series.kind === 'quarterly' && !SPX_QUARTERLY_CYCLE_MONTHS.includes(month)) continue;
        const day = lastBusinessDayOfMonth(year, month);
        if (day >= firstDay && day <= lastDay) listed.push({ day, settlement: 'PM', kind: series.kind });
      }
      continue;
    }
    // A holiday can move a nominal day by one business day either way, so look a few days beyond the window.
    const marginDays = 4;
    const firstNominal = Math.max(NYSE_CALENDAR_FIRST_DAY, firstDay - marginDays);
    const lastNominal = Math.min(NYSE_CALENDAR_LAST_DAY - marginDays, lastDay + marginDays);
    for (let nominal = firstNominal; nominal <= lastNominal; nominal += 1) {
      if (weekdayOfDay(nominal) !== series.weekday) continue;
      const day = pmSeriesDay(series, nominal);
      if (day !== undefined && day >= firstDay && day <= lastDay) listed.push({ day, settlement: 'PM', kind: series.kind });
    }
  }
  return listed;
}

/**
 * SPX expiries in [fromDay, toDay] that were listed on `asOfDay`, ascending by day (an AM monthly before
 * a PM series on the same day). Expiries before `asOfDay` had already expired and are never listed; one
 * on `asOfDay` itself is (it trades that day).
 */
export function listedSpxExpiries(asOfDay: DayNumber, fromDay: DayNumber, toDay: DayNumber): SpxExpiry[] {
  requireCalendarDay(asOfDay, 'listedSpxExpiries asOfDay');
  requireCalendarDay(fromDay, 'listedSpxExpiries fromDay');
  requireCalendarDay(toDay, 'listedSpxExpiries toDay');
  const windowStart = Math.max(fromDay, asOfDay);
  if (toDay < windowStart) return [];
  const candidates = [
    ...monthlyExpiriesListed(asOfDay, toDay).filter((expiry) => expiry.day >= windowStart),
    ...pmExpiriesListed(asOfDay, windowStart, toDay),
  ];
  const kept = new Map<string, SpxExpiry>();
  for (const candidate of candidates) {
    const key = `${candidate.day}:${candidate.settlement}`;
    const existing = kept.get(key);
    if (existing === undefined || PM_KIND_PRIORITY[candidate.kind] < PM_KIND_PRIORITY[existing.kind]) kept.set(key, candidate);
  }
  return [...kept.values()].sort((a, b) => a.day - b.day || (a.settlement === 'AM' ? -1 : 1));
}

/** Longer than the widest gap between listed monthlies (one quarter, 91 days). */
const NEAREST_SEARCH_MARGIN_DAYS = 100;

export type NearestSpxExpiryOptions = {
  /** Only standard monthly AM-settled expiries (the pre-2005 world, or a monthly-only strategy). */
  readonly monthlyAmOnly?: boolean;
};

/**
 * The expiry listed on `asOfDay` whose calendar days to expiry are nearest `targetDteDays`. A tie
 * goes to the later expiry (more time, the usual choice when entering at a fixed DTE); on one day
 * the AM monthly is preferred to a PM series. Throws CalendarRangeError when nothing listed lies
 * inside the calendar (only near the end of 2030).
 */
export function nearestListedSpxExpiry(
  asOfDay: DayNumber,
  targetDteDays: number,
  options: NearestSpxExpiryOptions = {},
): SpxExpiry {
  if (!Number.isFinite(targetDteDays) || targetDteDays < 0) {
    throw new RangeError(`targetDteDays must be a finite number >= 0, got ${targetDteDays}`);
  }
  requireCalendarDay(asOfDay, 'nearestListedSpxExpiry asOfDay');
  // A listed monthly lies within one quarter after any target inside the listing horizon, so nothing
  // further than that can be nearer; beyond the horizon the window already holds every listed expiry.
  const searchEnd = Math.min(NYSE_CALENDAR_LAST_DAY, asOfDay + Math.ceil(targetDteDays) + NEAREST_SEARCH_MARGIN_DAYS);
  const listed = listedSpxExpiries(asOfDay, asOfDay, searchEnd).filter(
    (expiry) => options.monthlyAmOnly !== true || expiry.kind === 'monthly',
  );
  let best: SpxExpiry | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const expiry of listed) {
    const distance = Math.abs(expiry.day - asOfDay - targetDteDays);
    const isLaterTie = distance === bestDistance && best !== undefined && expiry.day > best.day;
    if (distance < bestDistance || isLaterTie) {
      best = expiry;
      bestDistance = distance;
    }
  }
  if (best === undefined) throw new CalendarRangeError(searchEnd + 1, 'nearestListedSpxExpiry (no listed expiry in the calendar)');
  return best;
}
