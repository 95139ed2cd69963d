import { describe, expect, it } from 'vitest';
import { dayFromIso, type DayNumber } from '../../time/day.js';
import type { OptionType } from '../../pricing/black76.js';
import type { QuoteComparisonRow } from './quoteComparison.js';
import {
  dayBucketLabel,
  daysToExpiryOf,
  ivErrorBreakdown,
  ivErrorBreakdownJson,
  ivErrorBreakdownTable,
  VALIDATION_DTE_BUCKETS_DAYS,
  vixBucketLabel,
  vixCloseOf,
} from './errorBreakdown.js';
import { VIX_BUCKETS } from '../spread.js';

const MONDAY = dayFromIso('2018-01-29');
const FRIDAY = dayFromIso('2018-02-02');

/** A comparison row with what the breakdown reads; the rest are plausible constants. */
function row(quoteDay: DayNumber, expiryDay: DayNumber, type: OptionType, deltaPercent: number, ivErrorVolPoints: number): QuoteComparisonRow {
  return {
    quote: { quoteDay, expiryDay, type, strike: 2700, bid: 1, ask: 1.2, mid: 1.1, timeYears: (expiryDay - quoteDay) / 365, forward: 2800, discountFactor: 1, impliedVol: 0.15, forwardDelta: type === 'put' ? -deltaPercent / 100 : deltaPercent / 100 },
    bucket: { type, deltaPercent },
    modelImpliedVol: 0.15 + ivErrorVolPoints / 100,
    modelPrice: 1.1,
    ivErrorVolPoints,
    priceErrorInSpreads: 0,
  };
}

describe('ivErrorBreakdown', () => {
  // Monday 2018-01-29 (VIX 14.79 in the example's map) and Friday 2018-02-02 (VIX 17.31), against
  // expiries 2 and 30 days out: five quotes in the 1-3 day bucket, three in the 22-31 day bucket.
  const expiryIn2 = MONDAY + 2;
  const expiryIn30 = MONDAY + 30;
  const rows = [
    row(MONDAY, expiryIn2, 'put', 16, 1.0),
    row(MONDAY, expiryIn2, 'put', 25, 3.0),
    row(MONDAY, expiryIn2, 'call', 20, -2.0),
    row(MONDAY, expiryIn2, 'put', 50, 0.4), // not a target bucket: counted in "all" only
    row(MONDAY, expiryIn2, 'call', 5, -5.0), // nor this one
    row(FRIDAY, expiryIn30, 'put', 20, 0.5),
    row(FRIDAY, expiryIn30, 'call', 16, -0.7),
    row(FRIDAY, expiryIn30, 'call', 25, 0.9),
  ];
  const vix = new Map<DayNumber, number>([
    [MONDAY, 14.79],
    [FRIDAY, 17.31],
  ]);

  it('groups by days to expiry, with the 16-25 delta quotes by type (hand-worked medians)', () => {
    const byDte = ivErrorBreakdown(rows, VALIDATION_DTE_BUCKETS_DAYS, daysToExpiryOf, dayBucketLabel);
    // Only the buckets that hold a quote: 1-3 days and 22-31 days.
    expect(byDte.map((r) => r.label)).toEqual(['1-3 d', '22-31 d']);
    const [short, month] = byDte;
    // 1-3 days, all five: errors -5, -2, 0.4, 1, 3 -> median 0.4; |errors| 0.4, 1, 2, 3, 5 -> median 2.
    expect(short?.all).toEqual({ count: 5, medianIvErrorVolPoints: 0.4, medianAbsIvErrorVolPoints: 2 });
    // The target's three (16Δ put 1, 25Δ put 3, 20Δ call -2): |errors| 1, 2, 3 -> median 2.
    expect(short?.target.medianAbsIvErrorVolPoints).toBe(2);
    // Puts 1 and 3 -> median 2 (the mean of the middle two); the one call -2.
    expect(short?.targetByType.put).toEqual({ count: 2, medianIvErrorVolPoints: 2, medianAbsIvErrorVolPoints: 2 });
    expect(short?.targetByType.call).toEqual({ count: 1, medianIvErrorVolPoints: -2, medianAbsIvErrorVolPoints: 2 });
    // 22-31 days: 0.5, -0.7, 0.9 -> median 0.5; |errors| 0.5, 0.7, 0.9 -> 0.7; calls -0.7 and 0.9 -> 0.1.
    expect(month?.all.medianIvErrorVolPoints).toBe(0.5);
    expect(month?.target.medianAbsIvErrorVolPoints).toBeCloseTo(0.7, 12);
    expect(month?.targetByType.call.medianIvErrorVolPoints).toBeCloseTo(0.1, 12);
  });

  it("groups by the quote day's VIX close, and leaves out a day without one", () => {
    const byVix = ivErrorBreakdown(rows, VIX_BUCKETS, vixCloseOf((d) => vix.get(d)), vixBucketLabel);
    expect(byVix.map((r) => [r.label, r.all.count])).toEqual([
      ['12-15', 5],
      ['15-20', 3],
    ]);
    const withoutFriday = ivErrorBreakdown(rows, VIX_BUCKETS, vixCloseOf((d) => (d === FRIDAY ? undefined : vix.get(d))), vixBucketLabel);
    expect(withoutFriday.map((r) => r.all.count)).toEqual([5]);
  });

  it('shows an empty type as a dash and n/a, never as a zero', () => {
    const putsOnly = ivErrorBreakdown([row(FRIDAY, FRIDAY + 10, 'put', 16, 1.25)], VALIDATION_DTE_BUCKETS_DAYS, daysToExpiryOf, dayBucketLabel);
    expect(putsOnly[0]?.targetByType.call).toEqual({ count: 0, medianIvErrorVolPoints: undefined, medianAbsIvErrorVolPoints: undefined });
    const table = ivErrorBreakdownTable('days to expiry', putsOnly);
    expect(table).toContain('| 8-14 d | 1 | 1.25 | 1.25 | 1.25 | 1.25 (1) | – |');
    expect(ivErrorBreakdownJson(putsOnly)).toEqual([
      {
        bucket: '8-14 d',
        count: 1,
        medianIvErrorVolPoints: 1.25,
        medianAbsIvErrorVolPoints: 1.25,
        medianAbsIvError16to25VolPoints: 1.25,
        targetPuts: { count: 1, medianIvErrorVolPoints: 1.25, medianAbsIvErrorVolPoints: 1.25 },
        targetCalls: { count: 0, medianIvErrorVolPoints: null, medianAbsIvErrorVolPoints: null },
      },
    ]);
  });

  it('labels whole days by the days they hold and open ends with ≥', () => {
    expect(VALIDATION_DTE_BUCKETS_DAYS.map(dayBucketLabel)).toEqual(['1-3 d', '4-7 d', '8-14 d', '15-21 d', '22-31 d', '32-60 d', '≥ 61 d']);
    expect(dayBucketLabel([5, 6])).toBe('5 d');
    // The open end holds every longer expiry, a two-year LEAPS included.
    const leaps = ivErrorBreakdown([row(FRIDAY, FRIDAY + 730, 'call', 20, 0.3)], VALIDATION_DTE_BUCKETS_DAYS, daysToExpiryOf, dayBucketLabel);
    expect(leaps.map((r) => [r.label, r.all.count])).toEqual([['≥ 61 d', 1]]);
    expect(VIX_BUCKETS.map(vixBucketLabel)).toEqual(['0-12', '12-15', '15-20', '20-30', '≥ 30']);
  });
});
