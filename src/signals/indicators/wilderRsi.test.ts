import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SPX_SAMPLE_2017_2018 } from '../testing/spxSample.js';
import { WilderRsi } from './wilderRsi.js';

/** The published values are rounded to 2 decimals: half a unit of the last digit, in RSI points. */
const PUBLISHED_TOLERANCE_RSI_POINTS = 0.005;
const GOLDEN_TOLERANCE_RSI_POINTS = 1e-9;

// Source: StockCharts ChartSchool "Relative Strength Index" worked example (cs-rsi.xls), its 33 closes.
// The sheet rounds its averages to 2 decimals and so prints 70.53 first; at full precision the values
// are these (reproduced independently by scripts/signals-reference.py).
const STOCKCHARTS_CLOSES = [
  44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.0, 46.03, 46.41, 46.22,
  45.64, 46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03, 44.18, 44.22, 44.57, 43.42, 42.66, 43.13,
];
const STOCKCHARTS_RSI = [
  70.46, 66.25, 66.48, 69.35, 66.29, 57.92, 62.88, 63.21, 56.01, 62.34, 54.67, 50.39, 40.02, 41.49, 41.9, 45.5, 37.32, 33.09, 37.79,
];

describe('WilderRsi', () => {
  it('reproduces the StockCharts worked example', () => {
    const rsi = new WilderRsi(14);
    const out = STOCKCHARTS_CLOSES.map((c) => rsi.update(c));
    expect(out.slice(0, 14).every((v) => v === undefined)).toBe(true);
    out.slice(14).forEach((value, i) => {
      expect(Math.abs((value ?? NaN) - (STOCKCHARTS_RSI[i] ?? NaN))).toBeLessThanOrEqual(PUBLISHED_TOLERANCE_RSI_POINTS);
    });
  });

  it('matches the independent reference on real SPX closes', () => {
    // Source: scripts/signals-reference.py on SPX_SAMPLE_2017_2018.
    const golden = new Map([
      ['2018-01-23', 83.85658017950198],
      ['2018-02-05', 29.35422167014],
      ['2018-03-29', 42.76575097170018],
    ]);
    const rsi = new WilderRsi(14);
    for (const row of SPX_SAMPLE_2017_2018) {
      const value = rsi.update(row.close);
      const expected = golden.get(row.date);
      if (expected !== undefined) expect(Math.abs((value ?? NaN) - expected)).toBeLessThan(GOLDEN_TOLERANCE_RSI_POINTS);
    }
  });

  it('is 100 after only gains, 0 after only losses, 50 when flat', () => {
    const up = new WilderRsi(3);
    const down = new WilderRsi(3);
    const flat = new WilderRsi(3);
    let u, d, f;
    for (let i = 0; i < 6; i++) {
      u = up.update(10 + i);
      d = down.update(10 - i);
      f = flat.update(10);
    }
    expect([u, d, f]).toEqual([100, 0, 50]);
  });

  it('stays within [0, 100]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e5, noNaN: true }), { minLength: 16, maxLength: 80 }), (closes) => {
        const rsi = new WilderRsi(14);
        for (const c of closes) {
          const v = rsi.update(c);
          if (v !== undefined) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(100);
          }
        }
      }),
    );
  });
});
