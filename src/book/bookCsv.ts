/**
 * The book's CSV files (docs/book.md): positions to import, and the fills actually obtained for a
 * day's recommendations. Strict like every alvh CSV: an error names the file, the line and the field,
 * and nothing is imported unless every line is sound.
 */
import { quoteValue } from '../lib/capText.js';
import { CsvColumns, formatCsvError, readCsvFile, type CsvError, type CsvRow } from '../data/csv/csv.js';
import type { Result } from '../lib/result.js';
import { parseIsoDate, type DayNumber } from '../time/day.js';
import type { ActualFill, UserOpenFill } from './bookState.js';

export const POSITION_CSV_COLUMNS = ['day', 'group', 'role', 'leg', 'underlying', 'type', 'strike', 'expiry', 'settlement', 'quantity', 'price'] as const;
export const POSITION_CSV_OPTIONAL_COLUMNS = ['fees_usd', 'layer'] as const;
export const FILLS_CSV_COLUMNS = ['position_id', 'price'] as const;

export class BookCsvError extends Error {
  override name = 'BookCsvError';
}

function need<T>(r: Result<T, CsvError>): T {
  if (!r.ok) throw new BookCsvError(formatCsvError(r.error));
  return r.value;
}

function dateCell(cols: CsvColumns, row: CsvRow, name: string): DayNumber {
  const text = need(cols.text(row, name));
  const parsed = parseIsoDate(text);
  if (!parsed.ok) throw new BookCsvError(formatCsvError({ kind: 'csv-error', file: cols.table.file, line: row.line, field: name, message: `${quoteValue(text)} is not a date (${parsed.error.reason})` }));
  return parsed.value;
}

function optionalNumber(cols: CsvColumns, row: CsvRow, name: string): number | undefined {
  if (!cols.has(name)) return undefined;
  const index = cols.table.header.indexOf(name);
  if (row.cells[index] === '') return undefined;
  return need(cols.finiteNumber(row, name));
}

/**
 * Positions from a CSV file. `defaultFeesUsdPerContract` prices the fees of rows without `fees_usd`
 * (by underlying and instrument, as the strategy's execution config does).
 */
export function readPositionsCsv(file: string, defaultFeesUsdPerContract: (underlying: 'SPX' | 'VIX', type: 'call' | 'put' | 'future') => number): Array<UserOpenFill & { origin: string }> {
  const table = need(readCsvFile(file));
  const cols = need(CsvColumns.require(table, POSITION_CSV_COLUMNS));
  for (const name of table.header) {
    if (!(POSITION_CSV_COLUMNS as readonly string[]).includes(name) && !(POSITION_CSV_OPTIONAL_COLUMNS as readonly string[]).includes(name)) {
      throw new BookCsvError(formatCsvError({ kind: 'csv-error', file, line: 1, field: name, message: `unknown column (columns: ${[...POSITION_CSV_COLUMNS, ...POSITION_CSV_OPTIONAL_COLUMNS].join(', ')})` }));
    }
  }
  if (table.rows.length === 0) throw new BookCsvError(`${file}: no positions (only a header)`);
  return table.rows.map((row) => {
    const underlying = need(cols.oneOf(row, 'underlying', ['SPX', 'VIX'] as const));
    const type = need(cols.oneOf(row, 'type', ['call', 'put', 'future'] as const));
    const quantity = need(cols.finiteNumber(row, 'quantity'));
    const layer = optionalNumber(cols, row, 'layer');
    if (layer !== undefined && !(Number.isInteger(layer) && layer >= 1)) throw new BookCsvError(formatCsvError({ kind: 'csv-error', file, line: row.line, field: 'layer', message: `'${layer}' is not a layer number (1, 2, ...)` }));
    const fees = optionalNumber(cols, row, 'fees_usd') ?? Math.abs(quantity) * defaultFeesUsdPerContract(underlying, type);
    const fill: UserOpenFill & { origin: string } = {
      origin: `${file}:${row.line}`,
      day: dateCell(cols, row, 'day'),
      group: need(cols.text(row, 'group')),
      role: need(cols.oneOf(row, 'role', ['condor', 'hedge'] as const)),
      leg: need(cols.text(row, 'leg')),
      underlying,
      type,
      strike: need(cols.finiteNumber(row, 'strike')),
      expiryDay: dateCell(cols, row, 'expiry'),
      settlement: need(cols.oneOf(row, 'settlement', ['AM', 'PM'] as const)),
      quantity,
      pricePoints: need(cols.finiteNumber(row, 'price')),
      feesUsd: fees,
      ...(layer !== undefined ? { layer } : {}),
    };
    return fill;
  });
}

/** Actual fills for a day's recommended trades, by position id (as `alvh signal` lists them). */
export function readFillsCsv(file: string): ActualFill[] {
  const table = need(readCsvFile(file));
  const cols = need(CsvColumns.require(table, FILLS_CSV_COLUMNS));
  const seen = new Set<string>();
  return table.rows.map((row) => {
    const positionId = need(cols.text(row, 'position_id'));
    if (seen.has(positionId)) throw new BookCsvError(formatCsvError({ kind: 'csv-error', file, line: row.line, field: 'position_id', message: `${quoteValue(positionId)} appears twice` }));
    seen.add(positionId);
    const fees = optionalNumber(cols, row, 'fees_usd');
    return { positionId, origin: `${file}:${row.line}`, pricePoints: need(cols.finiteNumber(row, 'price')), ...(fees !== undefined ? { feesUsd: fees } : {}) };
  });
}
