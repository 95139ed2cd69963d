import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayFromIso, isoFromDay, parseIsoDate, weekdayOfDay, yearFractionAct365, dayFromYmd, ymdFromDay } from './day.js';

describe('day numbers', () => {
  it('maps the epoch and known dates', () => {
    expect(dayFromIso('1970-01-01')).toBe(0);
    expect(dayFromIso('2020-03-16')).toBe(18337);
    expect(isoFromDay(18337)).toBe('2020-03-16');
    expect(weekdayOfDay(dayFromIso('2018-02-05'))).toBe(1); // a Monday
    expect(weekdayOfDay(dayFromIso('1969-12-28'))).toBe(0); // a Sunday, before the epoch
  });

  it('rejects impossible and malformed dates with a reason', () => {
    const bad = parseIsoDate('2021-02-30');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.reason).toBe('no such calendar day');
    expect(parseIsoDate('2021/02/03').ok).toBe(false);
    expect(parseIsoDate('').ok).toBe(false);
  });

  it('round-trips every day from 1900 to 2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayFromYmd(1900, 1, 1), max: dayFromYmd(2100, 12, 31) }), (day) => {
        expect(dayFromIso(isoFromDay(day))).toBe(day);
      }),
    );
  });

  it('civil dates by arithmetic agree with the platform calendar from year 1 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayFromYmd(1, 1, 1), max: dayFromYmd(9999, 12, 31) }), (day) => {
        const d = new Date(day * 86_400_000);
        expect(ymdFromDay(day)).toEqual({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, dayOfMonth: d.getUTCDate() });
        expect(isoFromDay(day)).toBe(d.toISOString().slice(0, 10));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads years below 100 as themselves', () => {
    expect(isoFromDay(dayFromYmd(1, 1, 1))).toBe('0001-01-01');
  });

  it('computes ACT/365 year fractions', () => {
    expect(yearFractionAct365(dayFromIso('2020-01-01'), dayFromIso('2021-01-01'))).toBeCloseTo(366 / 365, 15);
    expect(yearFractionAct365(dayFromIso('2018-01-31'), dayFromIso('2018-02-28'))).toBe(28 / 365);
  });
});
