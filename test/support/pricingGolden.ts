/** Loads the golden pricing vectors in test/fixtures/pricing (see the README there for units). */
import { fileURLToPath } from 'node:url';
import { CsvColumns, formatCsvError, readCsvFile } from '../../src/data/csv/csv.js';

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
