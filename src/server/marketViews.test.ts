import { describe, expect, it } from 'vitest';
import { vixCentralMonths } from './marketViews.js';
import type { TermStructureCurve } from './schemas.js';

const curve = (vix: number | null, futures: Array<[string, string, number, number]>): TermStructureCurve => ({
  label: 'today',
  day: '2020-03-16',
  futures: futures.map(([contract, expiry, dteDays, settle]) => ({ contract, expiry, dteDays, settle })),
  vixFamily: { vix9d: null, vix, vix3m: null, vix6m: null },
});

describe('the curve as vixcentral shows it', () => {
  it('spot first, then each month with its change, contango and roll, worked by hand', () => {
    const today = curve(20, [['VXJ0', '2020-04-15', 20, 22], ['VXK0', '2020-05-20', 55, 23]]);
    const before = curve(19, [['VXJ0', '2020-04-15', 21, 21]]);
    expect(vixCentralMonths(today, before)).toEqual([
      { label: 'VIX', contract: null, expiry: null, dteDays: 0, level: 20, changePoints: 1, contangoFraction: null, rollYieldPointsPerDay: null },
      // 22/20 - 1 = 10 %; (22 - 20) / 20 DTE = 0.1 point a day; +1 since the day before.
      { label: 'Apr 2020', contract: 'VXJ0', expiry: '2020-04-15', dteDays: 20, level: 22, changePoints: 1, contangoFraction: 22 / 20 - 1, rollYieldPointsPerDay: 0.1 },
      // Not listed the day before: no change; 23/22 - 1 over the front month.
      { label: 'May 2020', contract: 'VXK0', expiry: '2020-05-20', dteDays: 55, level: 23, changePoints: null, contangoFraction: 23 / 22 - 1, rollYieldPointsPerDay: 3 / 55 },
    ]);
  });

  it('without spot VIX or a previous day, the curve still reads, leaving out what needs them', () => {
    const rows = vixCentralMonths(curve(null, [['VXJ0', '2020-04-15', 20, 22]]), undefined);
    expect(rows).toEqual([{ label: 'Apr 2020', contract: 'VXJ0', expiry: '2020-04-15', dteDays: 20, level: 22, changePoints: null, contangoFraction: null, rollYieldPointsPerDay: null }]);
  });
});
