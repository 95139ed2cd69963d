import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayFromIso, isoFromDay, weekdayOfDay } from '../time/day.js';
import {
  CalendarRangeError,
  NYSE_CALENDAR_FIRST_DAY,
  NYSE_CALENDAR_LAST_DAY,
  countNyseTradingDays,
  isNyseTradingDay,
  nextNyseTradingDay,
  nyseEarlyClose,
  nyseEarlyClosesInYear,
  nyseHolidayName,
  nyseHolidaysInYear,
  nyseTradingDaysBetween,
  previousNyseTradingDay,
} from './nyse.js';

// A fixed seed keeps the property runs reproducible from one test run to the next.
fc.configureGlobal({ seed: 1990 });

const holidayIsos = (year: number): string[] => nyseHolidaysInYear(year).map((h) => isoFromDay(h.day));
const earlyCloseIsos = (year: number): string[] => nyseEarlyClosesInYear(year).map((c) => isoFromDay(c.day));

/** Days inside the calendar, away from its two ends so next/previous always have an answer. */
const innerDay = fc.integer({ min: NYSE_CALENDAR_FIRST_DAY + 10, max: NYSE_CALENDAR_LAST_DAY - 10 });

describe('NYSE full-day closures by year (NYSE holiday notices and historical closings list)', () => {
  // Each list is the NYSE's published schedule for that year, weekdays only.
  const officialClosures: Record<number, string[]> = {
    1990: ['1990-01-01', '1990-02-19', '1990-04-13', '1990-05-28', '1990-07-04', '1990-09-03', '1990-11-22', '1990-12-25'],
    1994: ['1994-02-21', '1994-04-01', '1994-04-27', '1994-05-30', '1994-07-04', '1994-09-05', '1994-11-24', '1994-12-26'],
    1998: ['1998-01-01', '1998-01-19', '1998-02-16', '1998-04-10', '1998-05-25', '1998-07-03', '1998-09-07', '1998-11-26', '1998-12-25'],
    2001: [
      '2001-01-01', '2001-01-15', '2001-02-19', '2001-04-13', '2001-05-28', '2001-07-04', '2001-09-03',
      '2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14', '2001-11-22', '2001-12-25',
    ],
    2012: [
      '2012-01-02', '2012-01-16', '2012-02-20', '2012-04-06', '2012-05-28', '2012-07-04', '2012-09-03',
      '2012-10-29', '2012-10-30', '2012-11-22', '2012-12-25',
    ],
    2018: [
      '2018-01-01', '2018-01-15', '2018-02-19', '2018-03-30', '2018-05-28', '2018-07-04', '2018-09-03',
      '2018-11-22', '2018-12-05', '2018-12-25',
    ],
    2020: ['2020-01-01', '2020-01-20', '2020-02-17', '2020-04-10', '2020-05-25', '2020-07-03', '2020-09-07', '2020-11-26', '2020-12-25'],
    // 2022-01-01 was a Saturday: no closure on Friday 2021-12-31. First Juneteenth, observed Monday.
    2022: ['2022-01-17', '2022-02-21', '2022-04-15', '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-11-24', '2022-12-26'],
    2025: [
      '2025-01-01', '2025-01-09', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26', '2025-06-19',
      '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25',
    ],
    2026: ['2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25'],
    // Saturday Juneteenth and Christmas move to Friday; Sunday July 4 to Monday.
    2027: ['2027-01-01', '2027-01-18', '2027-02-15', '2027-03-26', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24'],
  };
  it.each(Object.entries(officialClosures))('%s', (year, isos) => {
    expect(holidayIsos(Number(year))).toEqual(isos);
  });

  it('stays open on the Friday before a Saturday New Year (1993, 1999, 2004, 2010, 2021, 2027)', () => {
    for (const iso of ['1993-12-31', '1999-12-31', '2004-12-31', '2010-12-31', '2021-12-31', '2027-12-31']) {
      expect(isNyseTradingDay(dayFromIso(iso)), iso).toBe(true);
    }
  });

  it('names closures, and only closures', () => {
    expect(nyseHolidayName(dayFromIso('2025-01-09'))).toBe('National Day of Mourning for President Jimmy Carter');
    expect(nyseHolidayName(dayFromIso('2021-12-24'))).toBe('Christmas Day (observed)');
    expect(nyseHolidayName(dayFromIso('2012-01-02'))).toBe("New Year's Day (observed)");
    expect(nyseHolidayName(dayFromIso('1997-01-20'))).toBeUndefined(); // MLK Day before the NYSE observed it
    expect(nyseHolidayName(dayFromIso('2021-06-18'))).toBeUndefined(); // Juneteenth before 2022
    expect(nyseHolidayName(dayFromIso('2025-01-11'))).toBeUndefined(); // a Saturday
  });
});

describe('NYSE early closes', () => {
  const officialEarlyCloses: Record<number, string[]> = {
    1990: ['1990-12-24'],
    1992: ['1992-11-27', '1992-12-24'],
    1996: ['1996-01-08', '1996-07-05', '1996-11-29', '1996-12-24'],
    1997: ['1997-07-03', '1997-10-27', '1997-11-28', '1997-12-24', '1997-12-26'],
    2001: ['2001-07-03', '2001-11-23', '2001-12-24'],
    2002: ['2002-07-05', '2002-11-29', '2002-12-24'],
    2003: ['2003-07-03', '2003-11-28', '2003-12-24', '2003-12-26'],
    2013: ['2013-07-03', '2013-11-29', '2013-12-24'],
    2020: ['2020-11-27', '2020-12-24'],
    2024: ['2024-07-03', '2024-11-29', '2024-12-24'],
    2025: ['2025-07-03', '2025-11-28', '2025-12-24'],
    2026: ['2026-11-27', '2026-12-24'],
  };
  it.each(Object.entries(officialEarlyCloses))('%s', (year, isos) => {
    expect(earlyCloseIsos(Number(year))).toEqual(isos);
  });

  it('gives the close time in Eastern time', () => {
    expect(nyseEarlyClose(dayFromIso('2025-11-28'))).toEqual({ closeTimeEt: '13:00', reason: 'Day after Thanksgiving' });
    expect(nyseEarlyClose(dayFromIso('1991-12-24'))).toEqual({ closeTimeEt: '14:00', reason: 'Christmas Eve' });
    expect(nyseEarlyClose(dayFromIso('2025-11-26'))).toBeUndefined();
  });

  it('only shortens trading days', () => {
    for (let year = 1990; year <= 2030; year += 1) {
      for (const close of nyseEarlyClosesInYear(year)) expect(isNyseTradingDay(close.day)).toBe(true);
    }
  });
});

describe('NYSE navigation', () => {
  it('steps over weekends and holidays', () => {
    expect(isoFromDay(nextNyseTradingDay(dayFromIso('2025-01-08')))).toBe('2025-01-10');
    expect(isoFromDay(previousNyseTradingDay(dayFromIso('2025-04-21')))).toBe('2025-04-17');
    expect(isoFromDay(nextNyseTradingDay(dayFromIso('2001-09-10')))).toBe('2001-09-17');
    expect(isoFromDay(previousNyseTradingDay(dayFromIso('1990-01-03')))).toBe('1990-01-02');
  });

  it('counts 252 trading days in 2019 and 250 in 2025', () => {
    expect(countNyseTradingDays(dayFromIso('2018-12-31'), dayFromIso('2019-12-31'))).toBe(252);
    expect(countNyseTradingDays(dayFromIso('2024-12-31'), dayFromIso('2025-12-31'))).toBe(250);
  });

  it('refuses days outside 1990-2030 and answers that would leave it', () => {
    expect(() => isNyseTradingDay(dayFromIso('1989-12-29'))).toThrow(CalendarRangeError);
    expect(() => isNyseTradingDay(dayFromIso('2031-01-02'))).toThrow(/outside the NYSE calendar/);
    expect(() => previousNyseTradingDay(dayFromIso('1990-01-02'))).toThrow(CalendarRangeError);
    expect(() => nextNyseTradingDay(dayFromIso('2030-12-31'))).toThrow(CalendarRangeError);
    expect(() => isNyseTradingDay(Number.NaN)).toThrow(/not an integer day number/);
    expect(() => isNyseTradingDay(dayFromIso('2020-01-02') + 0.5)).toThrow(CalendarRangeError);
  });

  it('next is the first trading day after the day, previous the last before it', () => {
    fc.assert(
      fc.property(innerDay, (day) => {
        const next = nextNyseTradingDay(day);
        const previous = previousNyseTradingDay(day);
        expect(next).toBeGreaterThan(day);
        expect(previous).toBeLessThan(day);
        expect(isNyseTradingDay(next) && isNyseTradingDay(previous)).toBe(true);
        for (let between = day + 1; between < next; between += 1) expect(isNyseTradingDay(between)).toBe(false);
        for (let between = previous + 1; between < day; between += 1) expect(isNyseTradingDay(between)).toBe(false);
        expect(previousNyseTradingDay(next)).toBe(isNyseTradingDay(day) ? day : previous);
      }),
    );
  });

  it('never trades on a weekend; the longest gap between sessions is the week of September 11, 2001', () => {
    // The longest gap in range is 2001-09-10 -> 2001-09-17 (September 11 closures).
    const longestGapDays = 7;
    const days = nyseTradingDaysBetween(NYSE_CALENDAR_FIRST_DAY, NYSE_CALENDAR_LAST_DAY);
    let longest = 0;
    for (let i = 1; i < days.length; i += 1) longest = Math.max(longest, (days[i] as number) - (days[i - 1] as number));
    expect(longest).toBe(longestGapDays);
    expect(days.every((day) => weekdayOfDay(day) >= 1 && weekdayOfDay(day) <= 5)).toBe(true);
  });

  it('counts agree with the day list and add up along a chain', () => {
    fc.assert(
      fc.property(innerDay, innerDay, innerDay, (a, b, c) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        expect(countNyseTradingDays(from, to)).toBe(nyseTradingDaysBetween(from + 1, to).length);
        expect(countNyseTradingDays(a, b) + countNyseTradingDays(b, c)).toBe(countNyseTradingDays(a, c));
        expect(countNyseTradingDays(a, b) + countNyseTradingDays(b, a)).toBe(0);
      }),
    );
  });

  it('lists trading days ascending and inclusive of both ends', () => {
    fc.assert(
      fc.property(fc.integer({ min: NYSE_CALENDAR_FIRST_DAY, max: NYSE_CALENDAR_LAST_DAY - 60 }), fc.integer({ min: 0, max: 60 }), (from, spanDays) => {
        const days = nyseTradingDaysBetween(from, from + spanDays);
        for (let i = 1; i < days.length; i += 1) expect(days[i]).toBeGreaterThan(days[i - 1] as number);
        expect(days.includes(from)).toBe(isNyseTradingDay(from));
        expect(days.includes(from + spanDays)).toBe(isNyseTradingDay(from + spanDays));
      }),
    );
  });
});
