import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SPX_SAMPLE_2017_2018 } from '../testing/spxSample.js';
import { Ema } from './ema.js';
import { Macd, macdCross, type MacdValue } from './macd.js';

/** Golden values are doubles from an independent Python implementation: agreement to 1e-9 index points. */
const GOLDEN_TOLERANCE_POINTS = 1e-9;

// Source: scripts/signals-reference.py (textbook EMA seeded with the simple mean, MACD 12/26/9) run on
// the real SPX closes of SPX_SAMPLE_2017_2018.
const GOLDEN: readonly { date: string; line: number; signal: number }[] = [
  { date: '2017-12-28', line: 23.01110966760143, signal: 24.11278526119508 },
  { date: '2018-01-29', line: 47.657627995168696, signal: 43.22408875120592 },
  { date: '2018-02-05', line: 15.911940606319149, signal: 35.17408260565823 },
  { date: '2018-02-09', line: -22.246277874316092, signal: 8.375696833255471 },
  { date: '2018-03-29', line: -28.136883083902376, signal: -15.925287132219621 },
];

describe('Ema', () => {
  it('is undefined until the period is filled, then starts at the simple mean', () => {
    const ema = new Ema(3);
    expect(ema.update(1)).toBeUndefined();
    expect(ema.update(2)).toBeUndefined();
    expect(ema.update(6)).toBe(3);
    expect(ema.update(7)).toBe(5); // 3 + 0.5 * (7 - 3)
  });

  it('stays within the range of its inputs', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 5, maxLength: 60 }), (values) => {
        const ema = new Ema(5);
        let out: number | undefined;
        for (const v of values) out = ema.update(v);
        const slack = 1e-9 * Math.max(1, ...values.map(Math.abs));
        expect(out).toBeGreaterThanOrEqual(Math.min(...values) - slack);
        expect(out).toBeLessThanOrEqual(Math.max(...values) + slack);
      }),
    );
  });
});

describe('Macd', () => {
  it('matches the independent reference on real SPX closes', () => {
    const macd = new Macd(12, 26, 9);
    const byDate = new Map<string, MacdValue | undefined>();
    for (const row of SPX_SAMPLE_2017_2018) byDate.set(row.date, macd.update(row.close));
    for (const g of GOLDEN) {
      const value = byDate.get(g.date);
      expect(Math.abs((value?.line ?? NaN) - g.line)).toBeLessThan(GOLDEN_TOLERANCE_POINTS);
      expect(Math.abs((value?.signal ?? NaN) - g.signal)).toBeLessThan(GOLDEN_TOLERANCE_POINTS);
      expect(Math.abs((value?.histogram ?? NaN) - (g.line - g.signal))).toBeLessThan(2 * GOLDEN_TOLERANCE_POINTS);
    }
  });

  it('has no line before bar 26 and no signal before bar 34', () => {
    const macd = new Macd(12, 26, 9);
    expect(macd.warmupBars).toBe(34);
    const outputs = SPX_SAMPLE_2017_2018.slice(0, 34).map((r) => macd.update(r.close));
    expect(outputs.slice(0, 25).every((o) => o === undefined)).toBe(true);
    expect(outputs[25]?.line).toBeDefined();
    expect(outputs[32]?.signal).toBeUndefined();
    expect(outputs[33]?.signal).toBeDefined();
  });
});

describe('macdCross', () => {
  const v = (line: number, signal: number): MacdValue => ({ line, signal, histogram: line - signal });
  it('reports a crossunder when the line goes from above to below its signal', () => {
    expect(macdCross(v(1, 0.5), v(0.2, 0.4))).toBe('down');
    expect(macdCross(v(0.2, 0.4), v(1, 0.5))).toBe('up');
    expect(macdCross(v(1, 0.5), v(0.9, 0.5))).toBe('none');
  });
  it('reports nothing while the signal line is warming up', () => {
    expect(macdCross(undefined, v(1, 2))).toBe('none');
    expect(macdCross({ line: 1, signal: undefined, histogram: undefined }, v(0, 2))).toBe('none');
  });
});
