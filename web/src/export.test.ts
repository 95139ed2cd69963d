import { describe, expect, it } from 'vitest';
import { csvField, equityCsv } from './export.js';

describe('CSV export', () => {
  it('quotes only the fields that need it, and leaves missing or non-finite figures empty', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(1014040.628)).toBe('1014040.628');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(null)).toBe('');
  });

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
});
