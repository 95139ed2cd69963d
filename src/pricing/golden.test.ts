/**
 * Every row of the golden vectors (test/fixtures/pricing: 40-digit mpmath closed forms cross-checked
 * with QuantLib) against the analytic prices and Greeks.
 */
import { describe, expect, it } from 'vitest';
import { goldenFailures, goldenOutputsOf, loadGoldenRows, num, text, type GoldenRow } from '../../test/support/pricingGolden.js';
import { black76Value } from './black76.js';
import { bsmValue } from './bsm.js';

function optionType(row: GoldenRow): 'call' | 'put' {
  return text(row, 'type') === 'C' ? 'call' : 'put';
}

describe('golden vectors', () => {
  it('bsm.csv: every row within tolerance', () => {
    const rows = loadGoldenRows('bsm.csv', ['type']);
    expect(rows.length).toBe(1500);
    const problems = rows.flatMap((row) => {
      const got = bsmValue({
        type: optionType(row),
        spot: num(row, 'S'),
        strike: num(row, 'K'),
        timeYears: num(row, 'T'),
        rate: num(row, 'r'),
        dividendYield: num(row, 'q'),
        sigma: num(row, 'sigma'),
      });
      return goldenFailures(row, goldenOutputsOf(got), num(row, 'S'));
    });
    expect(problems).toEqual([]);
  });

  it('black76.csv: every row within tolerance', () => {
    const rows = loadGoldenRows('black76.csv', ['type']);
    expect(rows.length).toBe(1500);
    const problems = rows.flatMap((row) => {
      const got = black76Value({
        type: optionType(row),
        forward: num(row, 'F'),
        strike: num(row, 'K'),
        timeYears: num(row, 'T'),
        rate: num(row, 'r'),
        sigma: num(row, 'sigma'),
      });
      return goldenFailures(row, goldenOutputsOf(got), num(row, 'F'));
    });
    expect(problems).toEqual([]);
  });
});
