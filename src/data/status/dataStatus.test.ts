import { describe, expect, it } from 'vitest';
import { buildDataStatus, renderDataStatus } from './dataStatus.js';
import { buildMemoryHistory } from '../../history/memoryHistory.js';
import { defaultHistoryConfig } from '../../history/historyConfig.js';
import type { DailySeries } from '../../history/types.js';
import { dayFromIso, weekdayOfDay } from '../../time/day.js';

function series(name: DailySeries['name'], isoDays: string[]): DailySeries {
  const close = Float64Array.from(isoDays, () => 100);
  return { name, days: Int32Array.from(isoDays, dayFromIso), open: close, high: close, low: close, close, length: isoDays.length };
}

const weekdays = { isTradingDay: (d: number): boolean => weekdayOfDay(d) !== 0 && weekdayOfDay(d) !== 6 };

describe('buildDataStatus', () => {
  const history = buildMemoryHistory({
    // Mon 2020-03-02 .. Fri 2020-03-13; VIX lacks Wed 03-04 and Thu 03-05 and ends on Tue 03-10.
    series: [
      series('spx', ['2020-03-02', '2020-03-03', '2020-03-04', '2020-03-05', '2020-03-06', '2020-03-09', '2020-03-10', '2020-03-11', '2020-03-12', '2020-03-13']),
      series('vix', ['2020-03-02', '2020-03-03', '2020-03-06', '2020-03-09', '2020-03-10']),
    ],
    vxFutures: [],
    treasuryBill: { days: new Int32Array(0), discountYieldPct: new Float64Array(0) },
    treasuryBillExtension: { days: new Int32Array(0), discountYieldPct: new Float64Array(0) },
    dividendYield: { monthStartDays: new Int32Array(0), dividendYieldPct: new Float64Array(0) },
    events: [],
    eventCoverage: [],
    breadth: [],
    dataVersion: 'sha256:test',
    config: defaultHistoryConfig,
  });
  const status = buildDataStatus(history, { name: 'weekdays', calendar: weekdays }, dayFromIso('2020-03-16'), []);

  it('counts gaps inside the span and trading days of staleness up to the as-of day', () => {
    expect(status.series.find((s) => s.name === 'vix')).toEqual({
      name: 'vix',
      firstDate: '2020-03-02',
      lastDate: '2020-03-10',
      rows: 5,
      gapCount: 2,
      firstGaps: ['2020-03-04', '2020-03-05'],
      // Wed 11, Thu 12, Fri 13, Mon 16.
      staleTradingDays: 4,
    });
    expect(status.series.find((s) => s.name === 'spx')).toMatchObject({ gapCount: 0, staleTradingDays: 1 });
  });

  it('lists what is not loaded at all', () => {
    expect(status.missingSeries).toEqual(['vix9d', 'vix3m', 'vix6m', 'vvix', 'skew', 'cndr', 'put', 'pput', 'vxFutures', 'riskFreeRate', 'dividendYield', 'breadth', 'events']);
    expect(renderDataStatus(status)).toMatch(/vix: gaps: 2020-03-04, 2020-03-05/);
  });
});
