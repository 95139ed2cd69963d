/**
 * Typed field access over a CsvTable that collects every problem (file, line, field) instead of
 * stopping at the first, so a user sees all that is wrong with a file in one run.
 */
import { quoteValue } from '../../lib/capText.js';
import { DECIMAL_NUMBER } from '../../lib/finite.js';
import { parseIsoDate, type DayNumber } from '../../time/day.js';
import type { CsvRow, CsvTable, DataFileIssue } from './csvText.js';

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

export class FieldReader {
  readonly issues: DataFileIssue[] = [];
  private readonly dayCache = new Map<string, DayNumber>();

  constructor(readonly table: CsvTable) {}

  /** Column index by name (case-insensitive, first of `names` found); records an issue when required. */
  column(names: readonly string[], required = true): number | undefined {
    const lower = this.table.header.map((h) => h.toLowerCase());
    for (const name of names) {
      const i = lower.indexOf(name.toLowerCase());
      if (i >= 0) return i;
    }
    if (required) {
      this.issues.push({
        file: this.table.file,
        line: 1,
        field: names[0] as string,
        message: `missing column (header is: ${this.table.header.join(',')})`,
      });
    }
    return undefined;
  }

  issue(row: CsvRow, field: string, message: string): void {
    this.issues.push({ file: this.table.file, line: row.line, field, message });
  }

  raw(row: CsvRow, col: number): string {
    return (row.fields[col] ?? '').trim();
  }

  /** A finite decimal number; `undefined` (and no issue) for an empty field when `optional`. */
  number(row: CsvRow, col: number, field: string, optional = false): number | undefined {
    const text = this.raw(row, col);
    if (text === '') {
      if (!optional) this.issue(row, field, 'empty value');
      return undefined;
    }
    if (!DECIMAL_NUMBER.test(text)) {
      this.issue(row, field, `not a number: ${quoteValue(text)}`);
      return undefined;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      this.issue(row, field, `not a finite number: ${quoteValue(text)}`);
      return undefined;
    }
    return value;
  }

  /** A strictly positive price or level. */
  positive(row: CsvRow, col: number, field: string): number | undefined {
    const value = this.number(row, col, field);
    if (value !== undefined && !(value > 0)) {
      this.issue(row, field, `must be positive, got ${value}`);
      return undefined;
    }
    return value;
  }

  /** An ISO YYYY-MM-DD date. */
  isoDay(row: CsvRow, col: number, field: string): DayNumber | undefined {
    const text = this.raw(row, col);
    const cached = this.dayCache.get(text);
    if (cached !== undefined) return cached;
    const parsed = parseIsoDate(text);
    if (!parsed.ok) {
      this.issue(row, field, `invalid date ${quoteValue(text)} (${parsed.error.reason})`);
      return undefined;
    }
    this.dayCache.set(text, parsed.value);
    return parsed.value;
  }

  /** An ISO date or a US MM/DD/YYYY date (Cboe history files). */
  isoOrUsDay(row: CsvRow, col: number, field: string): DayNumber | undefined {
    const text = this.raw(row, col);
    const us = US_DATE.exec(text);
    if (!us) return this.isoDay(row, col, field);
    const iso = `${us[3]}-${(us[1] as string).padStart(2, '0')}-${(us[2] as string).padStart(2, '0')}`;
    const parsed = parseIsoDate(iso);
    if (!parsed.ok) {
      this.issue(row, field, `invalid date ${quoteValue(text)} (${parsed.error.reason})`);
      return undefined;
    }
    return parsed.value;
  }
}
