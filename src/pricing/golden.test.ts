/**
 * Every row of the golden vectors (test/fixtures/pricing: 40-digit mpmath closed forms cross-checked
 * with QuantLib) against the analytic prices and Greeks.
 */
import { describe, expect, it } from 'vitest';
import { loadGoldenRows, num, text, type GoldenRow } from '../../test/support/pricingGolden.js';
import { black76Value } from './black76.js';
import { bsmValue } from './bsm.js';
import type { OptionValuation } from './valuation.js';

/** Relative price error allowed where the price is above PRICE_RELATIVE_FLOOR of the underlying. */
const PRICE_RELATIVE_TOLERANCE = 1e-12;
/** Below this fraction of the underlying a price is compared in absolute terms. */
const PRICE_RELATIVE_FLOOR = 1e-8;
/** Absolute price error allowed elsewhere, as a fraction of the underlying (index points per point). */
const PRICE_ABSOLUTE_TOLERANCE_PER_UNDERLYING = 1e-12;
/** Relative Greek error allowed where the Greek is above GREEK_RELATIVE_FLOOR of its scale. */
const GREEK_RELATIVE_TOLERANCE = 1e-9;
/** Below this fraction of its scale a Greek is compared in absolute terms (GREEK_RELATIVE_TOLERANCE * floor * scale). */
const GREEK_RELATIVE_FLOOR = 1e-10;

type GreekColumn = 'delta' | 'gamma' | 'vega' | 'theta' | 'rho' | 'vanna' | 'volga';

/** The natural size of each Greek for an underlying at `u` index points (what "1e-10 of scale" means). */
function greekScale(column: GreekColumn, underlying: number): number {
  switch (column) {
    case 'delta':
    case 'vanna':
      return 1;
    case 'gamma':
      return 1 / underlying;
    default:
      return underlying;
  }
}

function pick(v: OptionValuation, column: GreekColumn): number {
  switch (column) {
    case 'delta':
      return v.delta;
    case 'gamma':
      return v.gamma;
    case 'vega':
      return v.vegaPerUnitVol;
    case 'theta':
      return v.thetaPerYear;
    case 'rho':
      return v.rho;
    case 'vanna':
      return v.vanna;
    case 'volga':
      return v.volga;
  }
}

const GREEK_COLUMNS: readonly GreekColumn[] = ['delta', 'gamma', 'vega', 'theta', 'rho', 'vanna', 'volga'];

function failures(row: GoldenRow, got: OptionValuation, underlying: number): string[] {
  const problems: string[] = [];
  const expectedPrice = num(row, 'price');
  const priceError = Math.abs(got.price - expectedPrice);
  const priceOk =
    expectedPrice > PRICE_RELATIVE_FLOOR * underlying
      ? priceError <= PRICE_RELATIVE_TOLERANCE * expectedPrice
      : priceError <= PRICE_ABSOLUTE_TOLERANCE_PER_UNDERLYING * underlying;
  if (!priceOk) problems.push(`line ${row.line} price ${got.price} vs ${expectedPrice}`);
  for (const column of GREEK_COLUMNS) {
    const expected = num(row, column);
    const value = pick(got, column);
    const floor = GREEK_RELATIVE_FLOOR * greekScale(column, underlying);
    const allowed = GREEK_RELATIVE_TOLERANCE * Math.max(Math.abs(expected), floor);
    if (!(Math.abs(value - expected) <= allowed)) problems.push(`line ${row.line} ${column} ${value} vs ${expected}`);
  }
  return problems;
}

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
      return failures(row, got, num(row, 'S'));
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
      return failures(row, got, num(row, 'F'));
    });
    expect(problems).toEqual([]);
  });
});
