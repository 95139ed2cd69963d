/**
 * The short-term VIX futures index, worked by hand on a made-up month. Settlements (Wednesdays):
 * 2021-01-20, 2021-02-17, 2021-03-17; business days are weekdays. The roll period runs from Tuesday
 * 2021-01-19 to Tuesday 2021-02-16: after its first day it has dt = 20 business days (Jan 20-22, 25-29,
 * Feb 1-5, 8-12, 15-16).
 */
import { describe, expect, it } from 'vitest';
import { dayFromIso, weekdayOfDay, type DayNumber } from '../../time/day.js';
import { shortTermRollWeights, stepVixShortTermIndex, VixFuturesIndexError, type VixShortTermIndexState } from './vixShortTermFutures.js';

/** Index levels computed two ways agree to 1e-12 (relative to a level near 100). */
const LEVEL_TOLERANCE = 1e-12;
const settlements = ['2021-01-20', '2021-02-17', '2021-03-17', '2021-04-21'].map(dayFromIso);
const weekdaysBetween = (from: DayNumber, to: DayNumber) => {
  let n = 0;
  for (let d = from + 1; d <= to; d++) if (weekdayOfDay(d) !== 0 && weekdayOfDay(d) !== 6) n++;
  return n;
};
const weights = (iso: string) => shortTermRollWeights(dayFromIso(iso), settlements, weekdaysBetween);

describe('roll weights', () => {
  it('the first day of the roll period (Tuesday before the January settlement) holds only the February contract', () => {
    const w = weights('2021-01-19');
    expect([w.first, w.second]).toEqual([dayFromIso('2021-02-17'), dayFromIso('2021-03-17')]);
    expect([w.firstWeight, w.secondWeight]).toEqual([1, 0]);
  });
  it('the settlement day moves 1/20 to March: 19 of 20 days remain', () => {
    expect(weights('2021-01-20').firstWeight).toBeCloseTo(19 / 20, 15);
  });
  it('2021-02-01 (Monday): 11 business days remain (Feb 2-5, 8-12, 15-16): 0.55 / 0.45', () => {
    const w = weights('2021-02-01');
    expect(w.firstWeight).toBeCloseTo(11 / 20, 15);
    expect(w.secondWeight).toBeCloseTo(9 / 20, 15);
  });
  it('the last day of the period (Tuesday 2021-02-16) is the next period\'s first: all in March', () => {
    const w = weights('2021-02-16');
    expect([w.first, w.firstWeight]).toEqual([dayFromIso('2021-03-17'), 1]);
  });
  it('refuses a day the settlements do not cover', () => {
    expect(() => weights('2021-04-20')).toThrow(VixFuturesIndexError);
  });
});

describe('index step', () => {
  it('values yesterday\'s weights at today\'s settlements', () => {
    // Close of 2021-01-19: level 100, all in Feb at 25.00. 2021-01-20: Feb settles 26.00, Mar 27.00.
    // ER = 100 x 26 / 25 = 104; today's weights 0.95 Feb / 0.05 Mar.
    const start: VixShortTermIndexState = { day: dayFromIso('2021-01-19'), level: 100, holdings: [{ expiryDay: dayFromIso('2021-02-17'), weight: 1, pricePoints: 25 }] };
    const prices = new Map([[dayFromIso('2021-02-17'), 26], [dayFromIso('2021-03-17'), 27]]);
    const next = stepVixShortTermIndex(start, dayFromIso('2021-01-20'), weights('2021-01-20'), (e) => prices.get(e) ?? Number.NaN);
    expect(Math.abs(next.level - 104)).toBeLessThan(LEVEL_TOLERANCE);
    // 2021-01-21: Feb 25.00, Mar 26.50: ER = 104 x (0.95 x 25 + 0.05 x 26.5) / (0.95 x 26 + 0.05 x 27) = 104 x 25.075 / 26.05 = 100.1075.
    const prices2 = new Map([[dayFromIso('2021-02-17'), 25], [dayFromIso('2021-03-17'), 26.5]]);
    const third = stepVixShortTermIndex(next, dayFromIso('2021-01-21'), weights('2021-01-21'), (e) => prices2.get(e) ?? Number.NaN);
    expect(Math.abs(third.level - (104 * 25.075) / 26.05)).toBeLessThan(LEVEL_TOLERANCE);
    expect(third.level).toBeCloseTo(100.1075, 4);
  });
  it('a missing settlement is an error, never a silent zero', () => {
    const start: VixShortTermIndexState = { day: dayFromIso('2021-01-19'), level: 100, holdings: [{ expiryDay: dayFromIso('2021-02-17'), weight: 1, pricePoints: 25 }] };
    expect(() => stepVixShortTermIndex(start, dayFromIso('2021-01-20'), weights('2021-01-20'), () => Number.NaN)).toThrow(/no positive settlement/);
  });
});
