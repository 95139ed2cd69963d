/** Loads the golden pricing vectors in test/fixtures/pricing (see the README there for units). */
import { fileURLToPath } from 'node:url';
import { CsvColumns, formatCsvError, readCsvFile } from '../../src/data/csv/csv.js';
import type { OptionValuation } from '../../src/pricing/valuation.js';

export const PRICING_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/pricing/', import.meta.url));

export type GoldenRow = Record<string, number | string> & { line: number };

/** Every row of a golden file as column name -> number (or the raw text for the non-numeric columns). */
export function loadGoldenRows(fileName: string, textColumns: readonly string[]): GoldenRow[] {
  const table = readCsvFile(PRICING_FIXTURES_DIR + fileName);
  if (!table.ok) throw new Error(formatCsvError(table.error));
  const columns = CsvColumns.require(table.value, table.value.header);
  if (!columns.ok) throw new Error(formatCsvError(columns.error));
  return table.value.rows.map((row) => {
    const out: GoldenRow = { line: row.line };
    for (const name of table.value.header) {
      const value = textColumns.includes(name) ? columns.value.text(row, name) : columns.value.finiteNumber(row, name);
      if (!value.ok) throw new Error(formatCsvError(value.error));
      out[name] = value.value;
    }
    return out;
  });
}

export function num(row: GoldenRow, name: string): number {
  const value = row[name];
  if (typeof value !== 'number') throw new Error(`golden line ${row.line}: column ${name} is not numeric`);
  return value;
}

export function text(row: GoldenRow, name: string): string {
  const value = row[name];
  if (typeof value !== 'string') throw new Error(`golden line ${row.line}: column ${name} is not text`);
  return value;
}

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

export type GreekColumn = 'delta' | 'gamma' | 'vega' | 'theta' | 'rho' | 'vanna' | 'volga';

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

/** The golden files' output columns in their units (vega per 1.00, theta per year). */
export type GoldenOutputs = Record<'price' | GreekColumn, number>;

export function goldenOutputsOf(v: OptionValuation): GoldenOutputs {
  return {
    price: v.price,
    delta: v.delta,
    gamma: v.gamma,
    vega: v.vegaPerUnitVol,
    theta: v.thetaPerYear,
    rho: v.rho,
    vanna: v.vanna,
    volga: v.volga,
  };
}

export const GREEK_COLUMNS: readonly GreekColumn[] = ['delta', 'gamma', 'vega', 'theta', 'rho', 'vanna', 'volga'];

/**
 * Differences beyond the README's tolerances between computed outputs and a golden row, as readable
 * lines (empty when the row passes).
 */
export function goldenFailures(row: GoldenRow, got: GoldenOutputs, underlying: number): string[] {
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
    const value = got[column];
    const floor = GREEK_RELATIVE_FLOOR * greekScale(column, underlying);
    const allowed = GREEK_RELATIVE_TOLERANCE * Math.max(Math.abs(expected), floor);
    if (!(Math.abs(value - expected) <= allowed)) problems.push(`line ${row.line} ${column} ${value} vs ${expected}`);
  }
  return problems;
}
