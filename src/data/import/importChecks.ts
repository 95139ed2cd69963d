/**
 * Checks of what an imported row means, beyond its syntax (importFormats) and the shared row checks
 * (validate/validateRecords, also applied to the bundled files): a day that has not happened yet or
 * comes before the history starts (dropped with a warning: a full download such as Yahoo's ^GSPC
 * from 1927 is still usable), a bar whose open or close lies outside its own low-high range, an
 * SPX close that moves implausibly far from the day before (a VIX file imported as SPX), and a
 * header that names a column twice (the second would be ignored).
 *
 * These run on user imports and updates only. The bundled Cboe VIX history has 47 bars before 2007
 * whose open lies outside the day's range (Cboe's open was then the previous close or a pre-open
 * value), so the open check applies from `openInRangeFromIso` on and is a warning before it.
 */
import { z } from 'zod';
import type { DataFileIssue } from '../csv/csvText.js';
import type { Dataset, IndexRecord } from '../records.js';
import { dayFromIso, isoFromDay, type DayNumber } from '../../time/day.js';
import { NYSE_CALENDAR_LAST_DAY } from '../../calendar/nyse.js';
import { quoteValue } from '../../lib/capText.js';
import { defaultHistoryConfig } from '../../history/historyConfig.js';
import type { IndexSeriesName } from '../../history/types.js';

export const importChecksConfigSchema = z.strictObject({
  /** The first day of the history: earlier rows are dropped with a warning (the history config's default). */
  firstDayIso: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default(defaultHistoryConfig.firstDayIso),
  /** Rate quotes are kept from this many calendar days before `firstDayIso` (the history's rate carry). */
  rateLeadInCalendarDays: z.number().int().nonnegative().default(defaultHistoryConfig.rateMaxCarryCalendarDays),
  /** From this day on an open outside [low, high] is an error; before it a warning (see above). */
  openInRangeFromIso: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default('2007-01-01'),
  /**
   * Largest SPX close-to-close move accepted, as a fraction. SPX's largest daily moves since 1990 are
   * -12.0 % (2020-03-16) and +11.6 % (2008-10-13); 1987's -20.5 % is before the history. A quarter
   * leaves room for a crash larger than any seen and still refuses a VIX or other series' file.
   */
  spxMaxDailyMoveFraction: z.number().positive().default(0.25),
});
export type ImportChecksConfig = z.infer<typeof importChecksConfigSchema>;
export const defaultImportChecksConfig: ImportChecksConfig = importChecksConfigSchema.parse({});

export interface ImportContext {
  /** Today (the clock is read by the caller): a row dated later is refused. Undefined skips the check. */
  readonly todayDay?: DayNumber;
  /** The stored bars of an index series (for the SPX move check against the day before the file). */
  readonly storedIndex?: (name: IndexSeriesName) => readonly IndexRecord[];
  readonly config?: ImportChecksConfig;
}

/** Header names repeated (case-insensitively): `DATE,CLOSE,CLOSE` would silently read one of them. */
export function duplicateColumns(file: string, header: readonly string[], headerLine: number): DataFileIssue[] {
  const seen = new Map<string, number>();
  const issues: DataFileIssue[] = [];
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) issues.push({ file, line: headerLine, field: name, message: `column ${quoteValue(name)} appears twice (columns ${first + 1} and ${i + 1}); remove one` });
    else seen.set(key, i);
  });
  return issues;
}

/** `dataset` without the rows whose line is in `drop`. */
function withoutLines(dataset: Dataset, drop: ReadonlySet<number>): Dataset {
  if (drop.size === 0) return dataset;
  const keep = <R extends { line: number }>(records: readonly R[]): R[] => records.filter((r) => !drop.has(r.line));
  switch (dataset.kind) {
    case 'index':
      return { ...dataset, records: keep(dataset.records) };
    case 'vxFutures':
      return { ...dataset, records: keep(dataset.records) };
    case 'rate':
      return { ...dataset, records: keep(dataset.records) };
    case 'events':
      return { ...dataset, records: keep(dataset.records) };
    case 'breadth':
      return { ...dataset, records: keep(dataset.records) };
  }
}

/** Warnings shown for rows dropped before the history starts: the first few, then a count. */
const LISTED_EARLY_ROWS = 3;

/** The dataset to store (rows before the history dropped), with the errors and warnings of the checks above. */
export function checkImportMeaning(file: string, input: Dataset, context: ImportContext): { dataset: Dataset; errors: DataFileIssue[]; warnings: DataFileIssue[] } {
  const config = context.config ?? defaultImportChecksConfig;
  const errors: DataFileIssue[] = [];
  const warnings: DataFileIssue[] = [];
  const firstDay = dayFromIso(config.firstDayIso) - (input.kind === 'rate' ? config.rateLeadInCalendarDays : 0);
  // Events may be scheduled ahead (an FOMC meeting next month), but not past the calendar alvh knows.
  const lastDay = input.kind === 'events' ? NYSE_CALENDAR_LAST_DAY : context.todayDay;
  const early = new Set<number>();
  for (const r of input.records) {
    if (lastDay !== undefined && r.day > lastDay) {
      errors.push({ file, line: r.line, field: 'date', message: input.kind === 'events' ? `${isoFromDay(r.day)} is after ${isoFromDay(lastDay)}, the end of the exchange calendar alvh knows` : `${isoFromDay(r.day)} is after today (${isoFromDay(lastDay)}): no market data exists for it yet` });
    } else if (input.kind !== 'events' && r.day < firstDay) {
      if (early.size < LISTED_EARLY_ROWS) warnings.push({ file, line: r.line, field: 'date', message: `${isoFromDay(r.day)} is before the history starts (${isoFromDay(firstDay)}); row dropped` });
      early.add(r.line);
    }
  }
  if (early.size > LISTED_EARLY_ROWS) warnings.push({ file, line: 1, message: `${early.size} rows before ${isoFromDay(firstDay)} dropped in all` });
  const dataset = withoutLines(input, early);
  if (dataset.kind === 'index') {
    const openFrom = dayFromIso(config.openInRangeFromIso);
    let earlyOpens: { line: number; count: number } | undefined;
    for (const r of dataset.records) {
      if (r.close < r.low || r.close > r.high) errors.push({ file, line: r.line, field: 'close', message: `close ${r.close} is outside the day's range [low ${r.low}, high ${r.high}]` });
      if (r.open < r.low || r.open > r.high) {
        if (r.day >= openFrom) errors.push({ file, line: r.line, field: 'open', message: `open ${r.open} is outside the day's range [low ${r.low}, high ${r.high}]` });
        else earlyOpens = { line: earlyOpens?.line ?? r.line, count: (earlyOpens?.count ?? 0) + 1 };
      }
    }
    if (earlyOpens !== undefined) {
      warnings.push({ file, line: earlyOpens.line, field: 'open', message: `${earlyOpens.count} bar(s) before ${config.openInRangeFromIso} (the first on this line) have an open outside the day's range; kept, as Cboe's opens then were not the day's first value` });
    }
    if (dataset.name === 'spx') errors.push(...spxMoves(file, dataset.records, context.storedIndex?.('spx') ?? [], config.spxMaxDailyMoveFraction));
  }
  return { dataset, errors, warnings };
}

/** The stored close on the last day before `day`, by binary search over bars sorted by day. */
function storedCloseBefore(stored: readonly IndexRecord[], day: DayNumber): number | undefined {
  let lo = 0;
  let hi = stored.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((stored[mid] as IndexRecord).day < day) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? (stored[lo - 1] as IndexRecord).close : undefined;
}

function spxMoves(file: string, records: readonly IndexRecord[], stored: readonly IndexRecord[], maxMove: number): DataFileIssue[] {
  const issues: DataFileIssue[] = [];
  let previous: number | undefined;
  records.forEach((r, i) => {
    const before = i === 0 ? storedCloseBefore(stored, r.day) : previous;
    if (before !== undefined && Math.abs(r.close / before - 1) > maxMove) {
      issues.push({ file, line: r.line, field: 'close', message: `SPX close ${r.close} is ${((r.close / before - 1) * 100).toFixed(1)} % from the day before's ${before}: more than ${maxMove * 100} %, not an SPX level (another series' file?)` });
    }
    previous = r.close;
  });
  return issues;
}
