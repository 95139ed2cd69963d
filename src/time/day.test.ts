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

  /** The platform's calendar as the reference: a regular expression, then a Date built and read back. */
  function referenceParse(input: string): number | 'expected YYYY-MM-DD' | 'no such calendar day' {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
    if (!match) return 'expected YYYY-MM-DD';
    const [year, month, dayOfMonth] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, dayOfMonth);
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== dayOfMonth) return 'no such calendar day';
    return date.getTime() / 86_400_000;
  }
  const parsedOrReason = (input: string) => {
    const parsed = parseIsoDate(input);
    return parsed.ok ? parsed.value : parsed.error.reason;
  };

  it('parses dates as the platform calendar does, with the same reason for each refusal', () => {
    const digit = fc.constantFrom(...'0123456789');
    const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
    // Every field's digits free: months 00-99 and days 00-99 of every year 0000-9999.
    const dateLike = fc.tuple(digits(4), digits(2), digits(2)).map(([y, m, d]) => `${y}-${m}-${d}`);
    const nearDate = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
      ([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    );
    const anyText = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('2021-2-03', ' 2021-02-03', '2021-02-03 ', '2021-02-03\n', '２０２１-02-03', '2021-02-0a'));
    fc.assert(fc.property(fc.oneof(dateLike, nearDate, anyText), (input) => {
        expect(parsedOrReason(input)).toEqual(referenceParse(input));
      }), { numRuns: 5000 });
    expect(parsedOrReason('2024-02-29')).toBe(dayFromYmd(2024, 2, 29));
    expect(parsedOrReason('2100-02-29')).toBe('no such calendar day');
    expect(parsedOrReason('2000-02-29')).toBe(dayFromYmd(2000, 2, 29));
  });

  it('reads back every day isoFromDay writes, from year 0 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayFromYmd(0, 1, 1), max: dayFromYmd(9999, 12, 31) }), (day) => {
        expect(dayFromIso(isoFromDay(day))).toBe(day);
      }),
      { numRuns: 2000 },
    );
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
