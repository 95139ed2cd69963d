/**
 * Issue 13, "Data import" in "Wrong input accepted in silence": each file below was accepted before
 * these checks and is now refused naming file, line and field (or, for rows before the history,
 * imported without them and with a warning saying so).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareImport } from './importFile.js';
import { defaultImportConfig } from './importFormats.js';
import { defaultPlausibleRanges } from '../validate/plausibleRanges.js';
import type { TradingDayCalendar } from '../validate/tradingDayCalendar.js';
import { packageRoot } from '../loadHistory.js';
import { dayFromIso } from '../../time/day.js';
import type { IndexRecord } from '../records.js';

const FIXTURES = join(packageRoot(), 'test', 'fixtures', 'import');
const weekdays: TradingDayCalendar = { isTradingDay: (d) => ![0, 6].includes((((d + 4) % 7) + 7) % 7) };
const TODAY = dayFromIso('2026-12-03');
/** The stored SPX close before the test rows (2026-08-21's, from the bundled data). */
const STORED_SPX: IndexRecord[] = [{ line: 0, day: dayFromIso('2026-08-21'), open: 7300, high: 7330, low: 7280, close: 7310.02 }];

function run(text: string, fileName: string, target?: 'vix' | 'spx' | 'irx' | 'vxFutures') {
  return prepareImport(text, fileName, target, weekdays, defaultPlausibleRanges, defaultImportConfig, { todayDay: TODAY, storedIndex: (n) => (n === 'spx' ? STORED_SPX : []) });
}

function refused(text: string, fileName: string, expected: string | RegExp, target?: 'vix' | 'spx' | 'irx' | 'vxFutures'): void {
  const r = run(text, fileName, target);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  if (typeof expected === 'string') expect(r.error.message).toContain(expected);
  else expect(r.error.message).toMatch(expected);
}

const VIX_HEADER = 'DATE,OPEN,HIGH,LOW,CLOSE';

describe('data import: days', () => {
  it('a row dated after today (up to 9999-12-31) is refused', () => {
    refused(`${VIX_HEADER}\n08/24/2026,15.1,15.9,14.8,15.2\n12/31/9999,15.1,15.9,14.8,15.2\n`, 'VIX_History.csv', "VIX_History.csv:3: field 'date': 9999-12-31 is after today (2026-12-03): no market data exists for it yet");
  });

  it('rows before the history starts are dropped with a warning, the rest imported', () => {
    const r = run(`${VIX_HEADER}\n12/29/1989,17,18,16,17.5\n08/24/2026,15.1,15.9,14.8,15.2\n`, 'VIX_History.csv');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.dataset.records.map((x) => x.day)).toEqual([dayFromIso('2026-08-24')]);
    expect(r.value.warnings[0]?.message).toMatch(/1989-12-29 is before the history starts \(1990-01-01\); row dropped/);
  });

  it('a file with only rows before the history is refused: nothing to import', () => {
    refused(`${VIX_HEADER}\n12/29/1989,17,18,16,17.5\n`, 'VIX_History.csv', 'has no data rows to import');
  });
});

describe('data import: bars', () => {
  it('a close outside [low, high] is refused', () => {
    refused(`${VIX_HEADER}\n08/24/2026,15.1,15.9,14.8,16.2\n`, 'VIX_History.csv', "VIX_History.csv:2: field 'close': close 16.2 is outside the day's range [low 14.8, high 15.9]");
  });

  it('an open outside [low, high] is refused from 2007 on', () => {
    refused(`${VIX_HEADER}\n08/24/2026,14.1,15.9,14.8,15.2\n`, 'VIX_History.csv', "VIX_History.csv:2: field 'open': open 14.1 is outside the day's range");
  });

  it("before 2007 (Cboe's old opens, 47 such bars in the bundled VIX) it is kept with one warning", () => {
    const r = run(`${VIX_HEADER}\n02/11/1992,19.24,18.57,17.61,17.7\n02/19/1992,17.79,17.69,16.85,17.16\n`, 'VIX_History.csv');
    expect(r.ok && r.value.warnings.map((w) => w.message)).toEqual(["2 bar(s) before 2007-01-01 (the first on this line) have an open outside the day's range; kept, as Cboe's opens then were not the day's first value"]);
  });

  it('a VIX open of 1e300 is refused', () => {
    refused(`${VIX_HEADER}\n08/24/2026,1e300,15.9,14.8,15.2\n`, 'VIX_History.csv', "field 'open': open 1e+300 is outside the day's range");
  });

  it('SPX closes of 16.40 (a VIX level) are refused: a move of more than 25 % from the day before', () => {
    refused('Date,Open,High,Low,Close,Volume\n2026-08-24,16.2,16.9,15.8,16.4,1000\n', 'spx_d.csv', /spx_d\.csv:2: field 'close': SPX close 16\.4 is -99\.8 % from the day before's 7310\.02/);
  });

  it('a second CLOSE column is refused instead of ignored', () => {
    refused('DATE,OPEN,HIGH,LOW,CLOSE,CLOSE\n08/24/2026,15.1,15.9,14.8,15.2,99\n', 'VIX_History.csv', "VIX_History.csv:1: field 'CLOSE': column 'CLOSE' appears twice (columns 5 and 6)");
  });

  it('a VIX file imported as --series irx is refused (it would be a 16 % T-bill rate)', () => {
    refused(`${VIX_HEADER}\n08/24/2026,15.1,16.9,14.8,16.0\n`, 'VIX_History.csv', '^IRX must come as a Yahoo or Stooq OHLC file; this is a Cboe index file (of VIX, by its name)', 'irx');
    refused('Date,Open,High,Low,Close,Adj Close,Volume\n2026-08-24,15.1,16.9,14.8,16.0,16.0,0\n', 'VIX.csv', 'the file name says VIX, not the ^IRX T-bill rate', 'irx');
  });
});

describe('data import: VX futures', () => {
  const base = readFileSync(join(FIXTURES, 'VX_2018-02-14.csv'), 'utf8');
  const lines = base.trimEnd().split('\n');
  /** The fixture with line `n` (1-based; 2 is the first row) changed by `edit` on its cells. */
  const mutate = (n: number, edit: (cells: string[]) => void): string =>
    lines
      .map((l, i) => {
        if (i !== n - 1) return l;
        const cells = l.split(',');
        edit(cells);
        return cells.join(',');
      })
      .join('\n') + '\n';
  // Columns: Trade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest
  it('the fixture itself imports (the baseline)', () => {
    expect(run(base, 'VX_2018-02-14.csv').ok).toBe(true);
  });

  it('high below low is refused', () => {
    refused(mutate(2, (c) => ((c[3] = '12'), (c[4] = '13'))), 'VX_2018-02-14.csv', "VX_2018-02-14.csv:2: field 'High': high 12 is below low 13");
  });

  it("a settlement far outside the day's range is refused", () => {
    refused(mutate(2, (c) => (c[6] = '19.5')), 'VX_2018-02-14.csv', "VX_2018-02-14.csv:2: field 'Settle': settlement 19.5 is outside the day's range [low 12.5, high 13.95] by more than 10 %");
  });

  it('negative volume or open interest is refused', () => {
    refused(mutate(3, (c) => (c[8] = '-5')), 'VX_2018-02-14.csv', "VX_2018-02-14.csv:3: field 'Total Volume': must be a whole number of contracts >= 0, got -5");
    refused(mutate(3, (c) => (c[10] = '-1')), 'VX_2018-02-14.csv', "VX_2018-02-14.csv:3: field 'Open Interest': must be a whole number of contracts >= 0, got -1");
  });

  it("an expiry in the file name that is not the contract's (VX_2018-02-15.csv for VXG18, which expired 2018-02-14) is refused", () => {
    refused(base, 'VX_2018-02-15.csv', "VX_2018-02-15.csv:1: field 'Futures': VXG18 expires on 2018-02-14 by the VX contract calendar, not 2018-02-15");
  });

  it('VX_2026-12-17.csv: the December 2026 contract expires on 2026-12-16', () => {
    const z26 = 'Trade Date,Futures,Open,High,Low,Close,Settle,Change,Total Volume,EFP,Open Interest\n2026-08-24,Z (Dec 2026),20,20.5,19.8,20.1,20.1,0,100,0,1000\n';
    refused(z26, 'VX_2026-12-17.csv', 'VXZ26 expires on 2026-12-16 by the VX contract calendar, not 2026-12-17');
    expect(run(z26, 'VX_2026-12-16.csv').ok).toBe(true);
  });
});
