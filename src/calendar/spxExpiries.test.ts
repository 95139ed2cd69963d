import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayFromIso, isoFromDay, weekdayOfDay } from '../time/day.js';
import { FRIDAY, nthWeekdayOfMonth } from './monthDays.js';
import { CalendarRangeError, NYSE_CALENDAR_FIRST_DAY, NYSE_CALENDAR_LAST_DAY, isNyseTradingDay, previousNyseTradingDay } from './nyse.js';
import { listedSpxExpiries, nearestListedSpxExpiry, spxMonthlyExpiry, type SpxExpiry } from './spxExpiries.js';

fc.configureGlobal({ seed: 2005 });

const asOfDay = fc.integer({ min: NYSE_CALENDAR_FIRST_DAY, max: dayFromIso('2029-12-31') });
const show = (expiries: readonly SpxExpiry[]): string[] =>
  expiries.map((e) => `${isoFromDay(e.day)} ${e.settlement} ${e.kind}`);

describe('spxMonthlyExpiry', () => {
  // Cboe expiration calendars: a Good Friday or Juneteenth third Friday moves expiry to Thursday.
  const published: ReadonlyArray<[number, number, string]> = [
    [2018, 2, '2018-02-16'],
    [2008, 3, '2008-03-20'],
    [2014, 4, '2014-04-17'],
    [2019, 4, '2019-04-18'],
    [2022, 4, '2022-04-14'],
    [2025, 4, '2025-04-17'],
    [2026, 6, '2026-06-18'],
    [1990, 4, '1990-04-20'],
  ];
  it.each(published)('%i-%i expires %s', (year, month, iso) => {
    expect(isoFromDay(spxMonthlyExpiry(year, month))).toBe(iso);
  });

  it('is the third Friday, or the business day before it when that Friday is closed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2030 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const expiry = spxMonthlyExpiry(year, month);
        const thirdFriday = nthWeekdayOfMonth(year, month, FRIDAY, 3);
        expect(isNyseTradingDay(expiry)).toBe(true);
        expect(expiry).toBe(isNyseTradingDay(thirdFriday) ? thirdFriday : previousNyseTradingDay(thirdFriday));
      }),
    );
  });

  it('rejects a month outside 1-12', () => {
    expect(() => spxMonthlyExpiry(2020, 0)).toThrow(RangeError);
  });
});

describe('listedSpxExpiries', () => {
  it('lists only AM monthlies before Weeklys existed', () => {
    expect(show(listedSpxExpiries(dayFromIso('2000-06-01'), dayFromIso('2000-06-01'), dayFromIso('2000-09-30')))).toEqual([
      '2000-06-16 AM monthly',
      '2000-07-21 AM monthly',
      '2000-08-18 AM monthly',
      '2000-09-15 AM monthly',
    ]);
  });

  it('adds the next Friday once Weeklys launched on 2005-10-28', () => {
    expect(show(listedSpxExpiries(dayFromIso('2005-10-27'), dayFromIso('2005-10-27'), dayFromIso('2005-11-30')))).toEqual([
      '2005-11-18 AM monthly',
    ]);
    expect(show(listedSpxExpiries(dayFromIso('2005-10-28'), dayFromIso('2005-10-28'), dayFromIso('2005-11-30')))).toEqual([
      '2005-11-04 PM weekly',
      '2005-11-18 AM monthly',
    ]);
  });

  it('matches the expiries Cboe showed as open on 2016-08-17 (Mondays, Wednesdays, Fridays, EOM, EOQ)', () => {
    // Cboe Options Hub, 2016-08-17, list of S&P 500 expirations through September (Tuesday 2016-09-06,
    // replacing Labor Day Monday, was to be listed on 2016-08-19).
    expect(show(listedSpxExpiries(dayFromIso('2016-08-17'), dayFromIso('2016-08-17'), dayFromIso('2016-09-30')))).toEqual([
      '2016-08-17 PM daily',
      '2016-08-19 AM monthly',
      '2016-08-22 PM daily',
      '2016-08-24 PM daily',
      '2016-08-26 PM weekly',
      '2016-08-29 PM daily',
      '2016-08-31 PM end-of-month',
      '2016-09-02 PM weekly',
      '2016-09-07 PM daily',
      '2016-09-09 PM weekly',
      '2016-09-14 PM daily',
      '2016-09-16 AM monthly',
      '2016-09-23 PM weekly',
      '2016-09-30 PM quarterly',
    ]);
    expect(show(listedSpxExpiries(dayFromIso('2016-08-19'), dayFromIso('2016-09-06'), dayFromIso('2016-09-06')))).toEqual([
      '2016-09-06 PM daily',
    ]);
  });

  it('moves a Good Friday weekly expiry to Thursday and keeps the AM monthly on a Good Friday third Friday', () => {
    // 2015-04-03 was Good Friday (first Friday of April): SPXW expired Thursday 2015-04-02.
    expect(show(listedSpxExpiries(dayFromIso('2015-03-30'), dayFromIso('2015-04-01'), dayFromIso('2015-04-03')))).toEqual([
      '2015-04-02 PM weekly',
    ]);
    expect(show(listedSpxExpiries(dayFromIso('2025-04-14'), dayFromIso('2025-04-17'), dayFromIso('2025-04-18')))).toEqual([
      '2025-04-17 AM monthly',
      '2025-04-17 PM daily',
    ]);
  });

  it('lists every trading day once daily expiries exist (2022-05-11 on)', () => {
    const listed = listedSpxExpiries(dayFromIso('2024-06-10'), dayFromIso('2024-06-10'), dayFromIso('2024-06-21'));
    expect(show(listed)).toEqual([
      '2024-06-10 PM daily',
      '2024-06-11 PM daily',
      '2024-06-12 PM daily',
      '2024-06-13 PM daily',
      '2024-06-14 PM weekly',
      '2024-06-17 PM daily',
      '2024-06-18 PM daily', // Juneteenth Wednesday moves to Tuesday and merges with it
      '2024-06-20 PM daily',
      '2024-06-21 AM monthly',
    ]);
  });

  it('lists only trading days on or after the as-of day, ascending, and nothing launched later', () => {
    fc.assert(
      fc.property(asOfDay, fc.integer({ min: 0, max: 120 }), (asOf, spanDays) => {
        const listed = listedSpxExpiries(asOf, asOf - 30 < NYSE_CALENDAR_FIRST_DAY ? asOf : asOf - 30, asOf + spanDays);
        for (const [index, expiry] of listed.entries()) {
          expect(isNyseTradingDay(expiry.day)).toBe(true);
          expect(expiry.day).toBeGreaterThanOrEqual(asOf);
          expect(expiry.day).toBeLessThanOrEqual(asOf + spanDays);
          const previous = listed[index - 1];
          if (previous !== undefined) expect(expiry.day > previous.day || (expiry.day === previous.day && previous.settlement === 'AM')).toBe(true);
          if (expiry.kind !== 'monthly') expect(expiry.settlement).toBe('PM');
          if (asOf < dayFromIso('2005-10-28')) expect(expiry.kind).toBe('monthly');
          if (expiry.kind === 'end-of-month') expect(asOf).toBeGreaterThanOrEqual(dayFromIso('2014-07-07'));
          if (expiry.kind === 'weekly') expect([FRIDAY, FRIDAY - 1]).toContain(weekdayOfDay(expiry.day));
        }
      }),
    );
  });

  it('never lists on an earlier day what it did not list later (listings only grow towards expiry)', () => {
    fc.assert(
      fc.property(asOfDay, fc.integer({ min: 1, max: 10 }), (asOf, laterByDays) => {
        const windowEnd = asOf + 60;
        const later = new Set(show(listedSpxExpiries(asOf + laterByDays, asOf + laterByDays, windowEnd)));
        for (const expiry of show(listedSpxExpiries(asOf, asOf + laterByDays, windowEnd))) expect(later).toContain(expiry);
      }),
    );
  });
});

describe('nearestListedSpxExpiry', () => {
  it('picks the monthly nearest 45 days before Weeklys existed', () => {
    const nearest = nearestListedSpxExpiry(dayFromIso('2000-06-01'), 45);
    expect([isoFromDay(nearest.day), nearest.kind]).toEqual(['2000-07-21', 'monthly']);
  });

  it('can pick a PM series in the weekly era, or be restricted to AM monthlies', () => {
    // From 2024-06-03, 45 days is Thursday 2024-07-18: daily series are not listed that far out, so
    // the AM monthly 2024-07-19 (46 days) wins over the end-of-month 2024-07-31 (58 days).
    const asOf = dayFromIso('2024-06-03');
    expect(show([nearestListedSpxExpiry(asOf, 45)])).toEqual(['2024-07-19 AM monthly']);
    // 25 days is 2024-06-28, the end of the quarter, ahead of the AM monthly 2024-06-21 (18 days).
    expect(show([nearestListedSpxExpiry(asOf, 25)])).toEqual(['2024-06-28 PM quarterly']);
    expect(show([nearestListedSpxExpiry(asOf, 25, { monthlyAmOnly: true })])).toEqual(['2024-06-21 AM monthly']);
  });

  it('breaks a tie towards the later expiry', () => {
    // From 2000-06-30 the June monthly (06-16) has expired; 07-21 is 21 days out and 08-18 is 49.
    expect(isoFromDay(nearestListedSpxExpiry(dayFromIso('2000-06-30'), 35).day)).toBe('2000-08-18');
  });

  it('returns a listed expiry no further from the target than any other listed one', () => {
    fc.assert(
      fc.property(asOfDay, fc.integer({ min: 0, max: 400 }), (asOf, target) => {
        const nearest = nearestListedSpxExpiry(asOf, target);
        const distance = Math.abs(nearest.day - asOf - target);
        for (const other of listedSpxExpiries(asOf, asOf, Math.min(NYSE_CALENDAR_LAST_DAY, asOf + 800))) {
          expect(Math.abs(other.day - asOf - target)).toBeGreaterThanOrEqual(distance);
        }
      }),
    );
  });

  it('rejects a negative or non-finite target and days outside the calendar', () => {
    expect(() => nearestListedSpxExpiry(dayFromIso('2020-01-02'), -1)).toThrow(RangeError);
    expect(() => nearestListedSpxExpiry(dayFromIso('2020-01-02'), Number.NaN)).toThrow(RangeError);
    expect(() => nearestListedSpxExpiry(dayFromIso('1989-06-01'), 45)).toThrow(CalendarRangeError);
  });
});
