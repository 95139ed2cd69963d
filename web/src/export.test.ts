import { describe, expect, it } from 'vitest';
import { equityCsv } from './export.js';

describe('CSV export', () => {
  it('one row per date, each variant\'s equity and drawdown, then the benchmarks, blanks where a curve has no point', () => {
    const csv = equityCsv({
      equity: { 'alvh-ladder': [['2018-01-02', 1_000_000, 0], ['2018-01-03', 990_000, -0.01]] },
      benchmarks: { SPX: [['2018-01-02', 1_000_000]], CNDR: [] },
    });
    expect(csv).toBe(
      [
        'date,alvh-ladder equity (USD),alvh-ladder drawdown (decimal),SPX rebased (USD),CNDR rebased (USD)',
        '2018-01-02,1000000,0,1000000,',
        '2018-01-03,990000,-0.01,,',
        '',
      ].join('\r\n'),
    );
  });

  it('writes a variant named like a formula as text, so a spreadsheet opening the download runs nothing', () => {
    // A run started from the API may carry any name; the header cells are built from it.
    const csv = equityCsv({ equity: { '=HYPERLINK("http://x","y")': [['2018-01-02', 1_000_000, 0]] }, benchmarks: {} });
    expect(csv.split('\r\n')[0]).toBe(`date,"'=HYPERLINK(""http://x"",""y"") equity (USD)","'=HYPERLINK(""http://x"",""y"") drawdown (decimal)"`);
  });
});
