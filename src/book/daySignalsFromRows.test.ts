/**
 * A day's signals read alone off a stored signal table (daySignalsFromRows, what the daily signal does
 * on a market tape) are the ones the table walked from its first day gives (daySignalsFromTable, what
 * the backtest's warm-up gives), on every trading day of the real 1990s, where VIX has four days
 * without a close and the regime is carried over them. Only rows up to the day are read.
 */
import { describe, expect, it } from 'vitest';
import { realHistory } from '../../test/fixtures/realMarket.js';
import { countNyseTradingDays } from '../calendar/nyse.js';
import { defaultSignalConfig } from '../signals/config.js';
import type { DailySignals } from '../signals/dailySignals.js';
import { computeSignalTable } from '../signals/engine.js';
import { dayFromIso } from '../time/day.js';
import type { IndexedRows } from '../lib/columns.js';
import { daySignalsFromRows, daySignalsFromTable } from './dailySignal.js';

describe('daySignalsFromRows', () => {
  it('gives every day of 1990-1999 what the table walked from its first day gives, reading no row after the day', async () => {
    const history = await realHistory();
    const first = history.tradingDays[0] as number;
    const table = computeSignalTable(history, first, dayFromIso('1999-12-31'), defaultSignalConfig(), { countTradingDays: countNyseTradingDays });
    const walked = daySignalsFromTable(history, table);
    let highestRead = -1;
    let reads = 0;
    const rows: IndexedRows<DailySignals> = {
      length: table.length,
      at(index) {
        highestRead = Math.max(highestRead, index);
        reads++;
        return table[index] as DailySignals;
      },
    };
    let carried = 0;
    for (let i = 0; i < table.length; i++) {
      const day = history.tradingDays[i] as number;
      highestRead = -1;
      const alone = daySignalsFromRows(history, rows, day);
      expect(highestRead).toBe(i);
      expect(JSON.stringify(alone)).toBe(JSON.stringify(walked.get(day)));
      if (alone !== undefined && alone.daily.vix.regime === null && i > 0) carried++;
    }
    // The days without a VIX close (1991-03-01, 1997-01-31, 1997-11-26, 1999-12-31) carry the regime
    // before them; each read goes back one row or two, never to the table's start.
    expect(carried).toBeGreaterThanOrEqual(4);
    expect(reads).toBeLessThan(table.length + 4 * 3);
    // A day the table lacks (a Sunday, a day past its end) has no signals.
    expect(daySignalsFromRows(history, rows, dayFromIso('1995-06-04'))).toBeUndefined();
    expect(daySignalsFromRows(history, rows, dayFromIso('2005-06-01'))).toBeUndefined();
  }, 60_000);
});
