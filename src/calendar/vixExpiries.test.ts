import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayFromIso, isoFromDay, weekdayOfDay } from '../time/day.js';
import { CalendarRangeError, isNyseTradingDay, previousNyseTradingDay } from './nyse.js';
import { FRIDAY, WEDNESDAY, nthWeekdayOfMonth } from './monthDays.js';
import {
  VIX_FUTURES_FIRST_TRADE_DAY,
  listedVixExpiries,
  parseVixContractCode,
  vixContractCode,
  vixExpiry,
} from './vixExpiries.js';

fc.configureGlobal({ seed: 2004 });

/** Contract months under the current 30-day rule (all but May-October 2004). */
const contractMonth = fc.record({
  year: fc.integer({ min: 1990, max: 2030 }),
  month: fc.integer({ min: 1, max: 12 }),
}).filter(({ year, month }) => !(year === 2030 && month === 12) && !(year === 2004 && month >= 5 && month <= 10));

describe('vixContractCode / parseVixContractCode', () => {
  it('uses the CFE month codes', () => {
    expect(vixContractCode(2018, 2)).toBe('VXG18');
    expect(vixContractCode(2004, 5)).toBe('VXK04');
    expect(vixContractCode(2026, 12)).toBe('VXZ26');
    expect(parseVixContractCode('VXH22')).toEqual({ ok: true, value: { year: 2022, month: 3 } });
  });

  it('round-trips every contract month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        expect(parseVixContractCode(vixContractCode(year, month))).toEqual({ ok: true, value: { year, month } });
      }),
    );
  });

  it('rejects malformed codes with a reason', () => {
    for (const bad of ['VXI18', 'VX G18', 'vxg18', 'VXG2018', 'VXG1', '']) {
      const parsed = parseVixContractCode(bad);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(parsed.error.kind).toBe('invalid-vix-contract-code');
    }
    expect(() => vixContractCode(2018, 13)).toThrow(RangeError);
  });
});

describe('vixExpiry', () => {
  // Cboe's published final settlement dates for the contracts where a holiday moves the day
  // (also in data/vx_futures_daily.csv.gz, checked contract by contract in vixExpiries.data.test.ts).
  const holidayShifted: ReadonlyArray<[string, string, string]> = [
    ['VXG08', '2008-02-19', 'Good Friday 2008-03-21: 30 days before Thursday 03-20'],
    ['VXH14', '2014-03-18', 'Good Friday 2014-04-18'],
    ['VXH19', '2019-03-19', 'Good Friday 2019-04-19'],
    ['VXH22', '2022-03-15', 'Good Friday 2022-04-15'],
    ['VXM24', '2024-06-18', 'the Wednesday 2024-06-19 is Juneteenth'],
    ['VXH25', '2025-03-18', 'Good Friday 2025-04-18'],
    ['VXK26', '2026-05-19', 'the third Friday 2026-06-19 is Juneteenth'],
  ];
  it.each(holidayShifted)('%s settles %s (%s)', (code, iso) => {
    const parsed = parseVixContractCode(code);
    if (!parsed.ok) throw new Error(parsed.error.reason);
    expect(isoFromDay(vixExpiry(parsed.value.year, parsed.value.month))).toBe(iso);
  });

  it('is 30 days before the next month\'s SPX expiry, or the business day before that', () => {
    fc.assert(
      fc.property(contractMonth, ({ year, month }) => {
        const expiry = vixExpiry(year, month);
        const nextYear = month === 12 ? year + 1 : year;
        const nextMonth = month === 12 ? 1 : month + 1;
        const thirdFriday = nthWeekdayOfMonth(nextYear, nextMonth, FRIDAY, 3);
        const spxExpiry = isNyseTradingDay(thirdFriday) ? thirdFriday : previousNyseTradingDay(thirdFriday);
        const thirtyDaysBefore = spxExpiry - 30;
        expect(isNyseTradingDay(expiry)).toBe(true);
        if (isNyseTradingDay(thirtyDaysBefore)) expect(expiry).toBe(thirtyDaysBefore);
        else expect(expiry).toBe(previousNyseTradingDay(thirtyDaysBefore));
        // Without a holiday on either end the settlement day is a Wednesday.
        if (thirdFriday === spxExpiry && isNyseTradingDay(thirtyDaysBefore)) expect(weekdayOfDay(expiry)).toBe(WEDNESDAY);
      }),
    );
  });

  it('settles the first contracts by the original rule: the Wednesday before their own third Friday', () => {
    // Settlement days in the CFE history (data/vx_futures_daily.csv.gz): VXN04 settled at 13.134 on
    // 2004-07-14, a week before the 30-day rule's 2004-07-21.
    expect(isoFromDay(vixExpiry(2004, 7))).toBe('2004-07-14');
    expect(isoFromDay(vixExpiry(2004, 10))).toBe('2004-10-13');
    expect(isoFromDay(vixExpiry(2004, 5))).toBe('2004-05-19');
    // The first contract where the rules differ after the switch: 30 days before 2006-01-20.
    expect(isoFromDay(vixExpiry(2005, 12))).toBe('2005-12-21');
  });

  it('gives months before VX existed the current rule (synthetic contracts for pre-2004 backtests)', () => {
    // Good Friday 2003-04-18: 30 days before Thursday 2003-04-17. The original 2004 rule would say 03-19.
    expect(isoFromDay(vixExpiry(2003, 3))).toBe('2003-03-18');
    // Good Friday 2000-04-21 was the third Friday too.
    expect(isoFromDay(vixExpiry(2000, 3))).toBe('2000-03-21');
  });

  it('refuses the December 2030 contract, whose rule needs January 2031', () => {
    expect(() => vixExpiry(2030, 12)).toThrow(CalendarRangeError);
  });
});

describe('listedVixExpiries', () => {
  it('lists the next monthly expiries, including one on the day itself', () => {
    const listed = listedVixExpiries(dayFromIso('2018-02-14'), 3);
    expect(listed.map((e) => [e.contractCode, isoFromDay(e.day)])).toEqual([
      ['VXG18', '2018-02-14'],
      ['VXH18', '2018-03-21'],
      ['VXJ18', '2018-04-18'],
    ]);
    expect(listedVixExpiries(dayFromIso('2018-02-15'), 1)[0]?.contractCode).toBe('VXH18');
  });

  it('lists nothing before VX futures started trading', () => {
    expect(listedVixExpiries(VIX_FUTURES_FIRST_TRADE_DAY - 1, 3)).toEqual([]);
    // VX started on 2004-03-26 with May and June 2004 (the first rows of the CFE history).
    expect(listedVixExpiries(VIX_FUTURES_FIRST_TRADE_DAY, 2).map((e) => e.contractCode)).toEqual(['VXK04', 'VXM04']);
  });

  it('returns consecutive contract months in ascending order', () => {
    fc.assert(
      fc.property(fc.integer({ min: VIX_FUTURES_FIRST_TRADE_DAY, max: dayFromIso('2029-12-31') }), (asOfDay) => {
        const listed = listedVixExpiries(asOfDay, 6);
        expect(listed).toHaveLength(6);
        expect(listed[0]?.day).toBeGreaterThanOrEqual(asOfDay);
        for (let i = 1; i < listed.length; i += 1) {
          const previous = listed[i - 1];
          const current = listed[i];
          if (previous === undefined || current === undefined) throw new Error('unreachable');
          expect(current.day).toBeGreaterThan(previous.day);
          expect(current.contractYear * 12 + current.contractMonth).toBe(previous.contractYear * 12 + previous.contractMonth + 1);
        }
      }),
    );
  });
});

describe('listedVixExpiries memo', () => {
  it('a repeated listing equals the first and is the caller’s own copy', () => {
    const day = dayFromIso('2019-03-01');
    const first = listedVixExpiries(day, 5);
    const again = listedVixExpiries(day, 5);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    (first[0] as { day: number }).day = 0;
    first.pop();
    expect(listedVixExpiries(day, 5)).toEqual(again);
    expect(listedVixExpiries(day, 3)).toEqual(again.slice(0, 3));
    // Above the memo's count bound the listing is still computed, and agrees.
    expect(listedVixExpiries(day, 20).slice(0, 5)).toEqual(again);
  });
});
