/** Shiller's monthly S&P dividend yield (`div_yield_pct` = 100 x trailing dividend / average price). */
import type { CsvTable, DataFileIssue } from '../csv/csvText.js';
import { FieldReader } from '../csv/fieldReader.js';
import type { MonthlyDividendYield } from '../../history/memoryHistory.js';

export function parseShillerDividendYield(table: CsvTable): { yield: MonthlyDividendYield; issues: DataFileIssue[] } {
  const f = new FieldReader(table);
  const month = f.column(['month']);
  const pct = f.column(['div_yield_pct']);
  const days: number[] = [];
  const values: number[] = [];
  if (month !== undefined && pct !== undefined) {
    for (const row of table.rows) {
      const day = f.isoDay(row, month, 'month');
      // Recent months have a price but no dividend yet: an empty value means "not published".
      const value = f.number(row, pct, 'div_yield_pct', true);
      if (day === undefined || value === undefined) continue;
      if (!(value > 0)) {
        f.issue(row, 'div_yield_pct', `must be positive, got ${value}`);
        continue;
      }
      days.push(day);
      values.push(value);
    }
  }
  return { yield: { monthStartDays: Int32Array.from(days), dividendYieldPct: Float64Array.from(values) }, issues: f.issues };
}
