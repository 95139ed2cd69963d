/**
 * Option rows read from CSV for `alvh price --csv` and `alvh iv --csv`, with the column layout of the
 * golden pricing files. Every rejected value names the file, line and column.
 */
import { CsvColumns, formatCsvError, readCsvFile, type CsvError, type CsvRow, type CsvTable } from '../../../data/csv/csv.js';
import { err, ok, type Result } from '../../../lib/result.js';
import type { OptionType } from '../../../pricing/index.js';
import { UserError } from '../../io.js';

export type PricingModel = 'bsm' | 'black76';

/** Columns a price row needs per model (the golden files' input columns). */
export const PRICE_INPUT_COLUMNS: Record<PricingModel, readonly string[]> = {
  bsm: ['type', 'S', 'K', 'T', 'r', 'q', 'sigma'],
  black76: ['type', 'F', 'K', 'T', 'r', 'sigma'],
};

export const IMPLIED_VOL_INPUT_COLUMNS: readonly string[] = ['model', 'type', 'S_or_F', 'K', 'T', 'r', 'q', 'price'];

/** Reads a CSV file and checks its header has `columns`, or throws a UserError naming the problem. */
export function openOptionCsv(file: string, columns: readonly string[]): { table: CsvTable; access: CsvColumns } {
  const table = readCsvFile(file);
  if (!table.ok) throw new UserError(formatCsvError(table.error));
  const access = CsvColumns.require(table.value, columns);
  if (!access.ok) throw new UserError(formatCsvError(access.error));
  return { table: table.value, access: access.value };
}

export function unwrapRow<T>(result: Result<T, CsvError>): T {
  if (!result.ok) throw new UserError(formatCsvError(result.error));
  return result.value;
}

/** C/P as in the golden files. */
export function readOptionType(access: CsvColumns, row: CsvRow): Result<OptionType, CsvError> {
  const letter = access.oneOf(row, 'type', ['C', 'P'] as const);
  if (!letter.ok) return letter;
  return ok(letter.value === 'C' ? 'call' : 'put');
}

type Bound = 'positive' | 'non-negative' | 'any';

/** A finite number in the column, with a sign rule; the error names the line and the column. */
export function readNumber(access: CsvColumns, row: CsvRow, column: string, bound: Bound): Result<number, CsvError> {
  const value = access.finiteNumber(row, column);
  if (!value.ok) return value;
  if ((bound === 'positive' && !(value.value > 0)) || (bound === 'non-negative' && !(value.value >= 0))) {
    return err({
      kind: 'csv-error',
      file: access.table.file,
      line: row.line,
      field: column,
      message: `${value.value} must be ${bound === 'positive' ? 'positive' : 'zero or more'}`,
    });
  }
  return value;
}

/** Shortest text that parses back to the same double (JavaScript's own number formatting). */
export function formatFullPrecision(value: number): string {
  return String(value);
}
