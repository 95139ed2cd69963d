/**
 * A strict reader for the simple comma-separated files alvh exchanges (numeric tables with a header
 * line). It does not guess: quoted fields, ragged rows, empty cells and unparsable numbers are errors
 * that name the file, the 1-based line and the column, so a user can fix the file.
 */
import { readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../lib/result.js';
import { parseCsvText as splitCsvText } from './csvText.js';
import { quoteValue } from '../../lib/capText.js';
import { parseFiniteDecimal } from '../../lib/finite.js';

export interface CsvError {
  kind: 'csv-error';
  file: string;
  /** 1-based line number in the file; 0 when the whole file is at fault. */
  line: number;
  field?: string;
  message: string;
}

export interface CsvRow {
  /** 1-based line number in the file. */
  line: number;
  cells: readonly string[];
}

export interface CsvTable {
  file: string;
  header: readonly string[];
  rows: readonly CsvRow[];
}

export function formatCsvError(e: CsvError): string {
  const where = e.line > 0 ? `${e.file}:${e.line}` : e.file;
  return e.field === undefined ? `${where}: ${e.message}` : `${where}: field '${e.field}': ${e.message}`;
}

function csvError(file: string, line: number, message: string, field?: string): CsvError {
  return field === undefined ? { kind: 'csv-error', file, line, message } : { kind: 'csv-error', file, line, field, message };
}

/**
 * Splits CSV text into a header and rows; blank lines (and a final newline) are skipped. The splitting
 * is the project's one CSV tokenizer (csvText.ts); this reader adds its stricter rules: no quoting,
 * no empty or repeated column names, cells trimmed.
 */
export function parseCsvText(text: string, file: string): Result<CsvTable, CsvError> {
  const quoted = text.indexOf('"');
  if (quoted >= 0) return err(csvError(file, text.slice(0, quoted).split('\n').length, 'quoted fields are not supported'));
  const split = splitCsvText(file, text);
  if (!split.ok) {
    const { line, message } = split.error;
    if (message.startsWith('the file is empty')) return err(csvError(file, 0, 'the file is empty (no header line)'));
    const found = /expected (\d+) fields, found (\d+)/.exec(message);
    if (!found) return err(csvError(file, line, message));
    const cells = Number(found[2]);
    const header = split.error.header ?? [];
    return err(csvError(file, line, `expected ${found[1]} columns, found ${cells}`, cells < header.length ? header[cells] : undefined));
  }
  const header = split.value.header;
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') return err(csvError(file, split.value.headerLine, 'empty column name in the header'));
    if (seen.has(name)) return err(csvError(file, split.value.headerLine, `duplicate column ${quoteValue(name)} in the header`));
    seen.add(name);
  }
  return ok({ file, header, rows: split.value.rows.map((r) => ({ line: r.line, cells: r.fields.map((c) => c.trim()) })) });
}

/** Reads and splits a CSV file; an unreadable file is a CsvError too. */
export function readCsvFile(file: string): Result<CsvTable, CsvError> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return err(csvError(file, 0, `cannot read the file: ${(error as Error).message}`));
  }
  return parseCsvText(text, file);
}

/** Column access by name with typed, located errors. */
export class CsvColumns {
  private readonly indexByName: ReadonlyMap<string, number>;

  private constructor(readonly table: CsvTable) {
    this.indexByName = new Map(table.header.map((name, index) => [name, index]));
  }

  /** Checks that every required column is in the header. */
  static require(table: CsvTable, required: readonly string[]): Result<CsvColumns, CsvError> {
    for (const name of required) {
      if (!table.header.includes(name)) return err(csvError(table.file, 1, 'missing column in the header', name));
    }
    return ok(new CsvColumns(table));
  }

  has(name: string): boolean {
    return this.indexByName.has(name);
  }

  text(row: CsvRow, name: string): Result<string, CsvError> {
    const index = this.indexByName.get(name);
    const cell = index === undefined ? undefined : row.cells[index];
    if (cell === undefined || cell === '') return err(csvError(this.table.file, row.line, 'empty value', name));
    return ok(cell);
  }

  /** A finite decimal number; NaN, infinities and anything Number() would coerce (hex, blanks) are rejected. */
  finiteNumber(row: CsvRow, name: string): Result<number, CsvError> {
    const cell = this.text(row, name);
    if (!cell.ok) return cell;
    const value = parseFiniteDecimal(cell.value);
    if (value === undefined) {
      return err(csvError(this.table.file, row.line, `${quoteValue(cell.value)} is not a finite number`, name));
    }
    return ok(value);
  }

  /** One of a fixed set of values. */
  oneOf<T extends string>(row: CsvRow, name: string, allowed: readonly T[]): Result<T, CsvError> {
    const cell = this.text(row, name);
    if (!cell.ok) return cell;
    const found = allowed.find((value) => value === cell.value);
    if (found === undefined) {
      return err(csvError(this.table.file, row.line, `${quoteValue(cell.value)} is not one of ${allowed.join(', ')}`, name));
    }
    return ok(found);
  }
}
