import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildMemoryHistory, type HistoryInput } from './memoryHistory.js';
import { defaultHistoryConfig } from './historyConfig.js';
import { continuousRateFromDiscountYieldPct } from './treasuryBill.js';
import type { DailySeries, VxFuturesSettlement } from './types.js';
import { dayFromIso } from '../time/day.js';

const PRICE_TOLERANCE_POINTS = 1e-12;

function closeOnly(name: DailySeries['name'], isoDays: string[], closes: number[]): DailySeries {
  const close = Float64Array.from(closes);
  return { name, days: Int32Array.from(isoDays, dayFromIso), open: close, high: close, low: close, close, length: closes.length };
}

function settlement(isoDay: string, contract: string, isoExpiry: string, settle: number): VxFuturesSettlement {
  return { day: dayFromIso(isoDay), contract, expiryDay: dayFromIso(isoExpiry), settle, volume: 1, openInterest: 1 };
}

function input(overrides: Partial<HistoryInput> = {}): HistoryInput {
  return {
    series: [closeOnly('spx', ['2020-03-13', '2020-03-16', '2020-03-17'], [2711.02, 2386.13, 2529.19])],
    vxFutures: [
      // Given out of order on purpose: the history sorts by expiry.
      settlement('2020-03-16', 'VXJ20', '2020-04-15', 59.15),
      settlement('2020-03-16', 'VXH20', '2020-03-18', 72.625),
      settlement('2020-03-16', 'VXK20', '2020-05-20', 44.875),
    ],
    treasuryBill: { days: Int32Array.from(['2020-03-12', '2020-03-16'], dayFromIso), discountYieldPct: Float64Array.from([0.5, 0.24]) },
    treasuryBillExtension: { days: Int32Array.from(['2020-03-16', '2020-03-18'], dayFromIso), discountYieldPct: Float64Array.from([0.185, 0.2]) },
    dividendYield: {
      monthStartDays: Int32Array.from(['2020-01-01', '2020-02-01', '2020-03-01'], dayFromIso),
      dividendYieldPct: Float64Array.from([1.8, 1.9, 2.25]),
    },
    events: [
      { day: dayFromIso('2020-03-15'), kind: 'fomc', scheduled: false, label: 'cut to zero' },
      { day: dayFromIso('2020-03-11'), kind: 'cpi', scheduled: true, label: 'CPI' },
    ],
    eventCoverage: [
      { kind: 'fomc', firstDay: dayFromIso('1990-01-01'), lastDay: dayFromIso('2026-12-09') },
      { kind: 'cpi', firstDay: dayFromIso('2000-01-12'), lastDay: dayFromIso('2027-12-10') },
      { kind: 'ppi', firstDay: dayFromIso('2000-01-13'), lastDay: dayFromIso('2027-12-10') },
      { kind: 'nfp', firstDay: dayFromIso('2000-01-07'), lastDay: dayFromIso('2027-12-03') },
    ],
    breadth: [],
    dataVersion: 'sha256:test',
    config: defaultHistoryConfig,
    ...overrides,
  };
}

describe('MemoryMarketHistory', () => {
  const history = buildMemoryHistory(input());
  const day = dayFromIso('2020-03-16');

  it('uses the SPX days as trading days and finds bars by day', () => {
    expect([...history.tradingDays]).toEqual(['2020-03-13', '2020-03-16', '2020-03-17'].map(dayFromIso));
    expect(history.closeOn('spx', day)).toBe(2386.13);
    expect(history.barOn('spx', day)).toEqual({ day, open: 2386.13, high: 2386.13, low: 2386.13, close: 2386.13 });
    expect(history.closeOn('spx', dayFromIso('2020-03-14'))).toBeUndefined();
    expect(history.closeOn('vix', day)).toBeUndefined();
  });

  it('orders the futures curve by expiry with calendar days to expiry', () => {
    expect(history.termStructureOn(day)).toEqual([
      { contract: 'VXH20', expiryDay: dayFromIso('2020-03-18'), dteDays: 2, settle: 72.625 },
      { contract: 'VXJ20', expiryDay: dayFromIso('2020-04-15'), dteDays: 30, settle: 59.15 },
      { contract: 'VXK20', expiryDay: dayFromIso('2020-05-20'), dteDays: 65, settle: 44.875 },
    ]);
    expect(history.vxFuturesOn(dayFromIso('2020-03-17'))).toEqual([]);
  });

  it('interpolates constant maturity linearly in days to expiry and never extrapolates', () => {
    // 30 days is exactly VXJ20; 45 days is 15/35 of the way from VXJ20 (30 d) to VXK20 (65 d).
    expect(history.constantMaturityFutureOn(day, 30)).toBe(59.15);
    const expected45 = 59.15 + (15 / 35) * (44.875 - 59.15);
    expect(Math.abs((history.constantMaturityFutureOn(day, 45) ?? NaN) - expected45)).toBeLessThan(PRICE_TOLERANCE_POINTS);
    expect(history.constantMaturityFutureOn(day, 1)).toBeUndefined();
    expect(history.constantMaturityFutureOn(day, 66)).toBeUndefined();
    expect(history.constantMaturityFutureOn(dayFromIso('2020-03-17'), 30)).toBeUndefined();
    expect(() => history.constantMaturityFutureOn(day, Number.NaN)).toThrow(/targetDteDays/);
  });

  it('lies between its bracketing settlements for every target inside the curve', () => {
    fc.assert(
      fc.property(fc.double({ min: 2, max: 65, noNaN: true }), (target) => {
        const value = history.constantMaturityFutureOn(day, target);
        return value !== undefined && value <= 72.625 + PRICE_TOLERANCE_POINTS && value >= 44.875 - PRICE_TOLERANCE_POINTS;
      }),
    );
  });

  it('takes the latest T-bill quote on or before the day, then the ^IRX extension after DTB3 ends', () => {
    const rate = (pct: number): number => {
      const r = continuousRateFromDiscountYieldPct(pct, defaultHistoryConfig);
      if (!r.ok) throw new Error('test setup');
      return r.value;
    };
    expect(history.riskFreeRateOn(dayFromIso('2020-03-13'))).toBe(rate(0.5));
    expect(history.riskFreeRateOn(day)).toBe(rate(0.24));
    // ^IRX on 2020-03-16 overlaps DTB3 and is ignored; 2020-03-18 is after DTB3's end.
    expect(history.riskFreeRateOn(dayFromIso('2020-03-17'))).toBe(rate(0.24));
    expect(history.riskFreeRateOn(dayFromIso('2020-03-18'))).toBe(rate(0.2));
    expect(history.riskFreeRateOn(dayFromIso('2020-03-11'))).toBeUndefined();
    // Past the carry limit there is no rate rather than a stale one.
    expect(history.riskFreeRateOn(dayFromIso('2020-04-30'))).toBeUndefined();
    expect(history.rateSources.map((s) => s.source)).toEqual(['dtb3', 'irx']);
  });

  it('never uses a rate dated after the day (random quote histories)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: -5, max: 210 }),
        (offsets, probe) => {
          const days = [...offsets].sort((a, b) => a - b);
          const h = buildMemoryHistory(
            input({
              treasuryBill: { days: Int32Array.from(days), discountYieldPct: Float64Array.from(days, (d) => 1 + d / 100) },
              treasuryBillExtension: { days: new Int32Array(0), discountYieldPct: new Float64Array(0) },
            }),
          );
          const known = days.filter((d) => d <= probe);
          const last = known[known.length - 1];
          const got = h.riskFreeRateOn(probe);
          if (last === undefined || probe - last > defaultHistoryConfig.rateMaxCarryCalendarDays) return got === undefined;
          const expected = continuousRateFromDiscountYieldPct(1 + last / 100, defaultHistoryConfig);
          return expected.ok && got === expected.value;
        },
      ),
    );
  });

  it('lags the dividend yield one month and carries the last value forward', () => {
    // A March day uses February's value, as a continuous yield ln(1 + 1.9 %).
    expect(history.dividendYieldOn(day)).toBe(Math.log1p(0.019));
    expect(history.dividendYieldOn(dayFromIso('2020-01-31'))).toBeUndefined();
    expect(history.dividendYieldOn(dayFromIso('2020-04-01'))).toBe(Math.log1p(0.0225));
    expect(history.dividendYieldOn(dayFromIso('2021-07-01'))).toBe(Math.log1p(0.0225));
    expect(history.dividendYieldCarriedForwardFromDay).toBe(dayFromIso('2020-05-01'));
  });

  it('lists events in a range in day order, keeping a Sunday decision on its real date', () => {
    expect(history.eventsBetween(dayFromIso('2020-03-01'), dayFromIso('2020-03-31')).map((e) => e.kind)).toEqual(['cpi', 'fomc']);
    expect(history.eventsBetween(dayFromIso('2020-03-15'), dayFromIso('2020-03-15'))[0]).toMatchObject({ scheduled: false });
    expect(history.eventsBetween(dayFromIso('2020-03-16'), dayFromIso('2020-03-31'))).toEqual([]);
  });

  it('reports which series have no value on a day instead of zero', () => {
    expect(history.missingSeriesOn(day)).toEqual(['vix', 'vix9d', 'vix3m', 'vix6m', 'vvix', 'skew', 'cndr', 'put', 'pput', 'breadth']);
    expect(history.missingSeriesOn(dayFromIso('2020-03-17'))).toContain('vxFutures');
    // Before 2000 there is no CPI/PPI/NFP calendar: the event calendar counts as missing.
    expect(history.missingSeriesOn(dayFromIso('1995-03-16'))).toContain('events');
  });
});
