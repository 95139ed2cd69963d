import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoFromDay, weekdayOfDay, ymdFromDay } from '../time/day.js';
import { easterSunday, goodFriday } from './easter.js';
import { SUNDAY } from './monthDays.js';

fc.configureGlobal({ seed: 1990 });

describe('easterSunday', () => {
  // Western Easter dates from the US Naval Observatory's Easter table (1990-2030 excerpt).
  const publishedEasterSundays: ReadonlyArray<[number, string]> = [
    [1990, '1990-04-15'],
    [1991, '1991-03-31'],
    [1994, '1994-04-03'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2014, '2014-04-20'],
    [2016, '2016-03-27'],
    [2019, '2019-04-21'],
    [2022, '2022-04-17'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2030, '2030-04-21'],
  ];
  it.each(publishedEasterSundays)('%i is %s', (year, iso) => {
    expect(isoFromDay(easterSunday(year))).toBe(iso);
  });

  it('is a Sunday between March 22 and April 25 in every year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 4099 }), (year) => {
        const easter = easterSunday(year);
        const { month, dayOfMonth } = ymdFromDay(easter);
        expect(weekdayOfDay(easter)).toBe(SUNDAY);
        const monthDay = month * 100 + dayOfMonth;
        expect(monthDay).toBeGreaterThanOrEqual(322);
        expect(monthDay).toBeLessThanOrEqual(425);
      }),
    );
  });

  it('puts Good Friday two days before Easter', () => {
    expect(isoFromDay(goodFriday(2025))).toBe('2025-04-18');
    expect(isoFromDay(goodFriday(2008))).toBe('2008-03-21');
  });
});
