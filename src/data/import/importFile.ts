/**
 * `alvh data import`: read one file, detect its format, validate every row, then hand the dataset to
 * the store, which writes all of it or nothing.
 *
 * What is an error (the file is rejected, naming file, line and field): missing columns, unparsable
 * or non-finite numbers, zero or negative prices, high below low, duplicate or unsorted dates, dates
 * on weekends, values outside the plausible range of the series (e.g. VVIX below 50), a same-day
 * value that differs from the stored one (unless --replace), and for SPX, Yahoo, Stooq and breadth
 * files a weekday the exchange was closed.
 * What is a warning (the row is dropped, the rest imported): a Cboe index or VX futures row on a
 * weekday the exchange was closed, since Cboe publishes such values (VIX on several holidays since
 * 2022); FRED's '.' holiday placeholders, and futures rows with a zero settle (days before a contract
 * first traded), are skipped silently as the formats define them.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatIssue, parseCsvText, type DataFileIssue } from '../csv/csvText.js';
import { datasetKey, type Dataset } from '../records.js';
import { checkBreadthRows, checkEventRecords, checkIndexRecords, checkRateRecords, checkVxRecords } from '../validate/validateRecords.js';
import { defaultPlausibleRanges, type PlausibleRanges } from '../validate/plausibleRanges.js';
import type { TradingDayCalendar } from '../validate/tradingDayCalendar.js';
import type { DatasetChange, MarketDataStore } from '../store/marketDataStore.js';
import { defaultImportConfig, EXPECTED_FORMATS_TEXT, isKnownHeader, parseImport, type ImportConfig, type ImportFormat, type ImportTarget } from './importFormats.js';
import { INDEX_SERIES_NAMES } from '../../history/memoryHistory.js';
import { isoFromDay, weekdayOfDay, type DayNumber } from '../../time/day.js';
import { checkImportMeaning, duplicateColumns, type ImportContext } from './importChecks.js';
import { err, ok, type Result } from '../../lib/result.js';

export const IMPORT_TARGETS: readonly ImportTarget[] = [...INDEX_SERIES_NAMES, 'irx', 'dtb3', 'vxFutures', 'events', 'breadth'];

/** How many problems an error message lists (all are counted). */
export const LISTED_ISSUES = 20;

export interface ImportOutcome {
  readonly format: ImportFormat;
  readonly change: DatasetChange;
  readonly warnings: readonly string[];
}

export interface ImportFailure {
  readonly message: string;
  readonly issues: readonly DataFileIssue[];
}

export function parseImportTarget(name: string): ImportTarget | undefined {
  const lowerName = name.toLowerCase();
  return IMPORT_TARGETS.find((t) => t.toLowerCase() === lowerName);
}

function describeIssues(headline: string, issues: readonly DataFileIssue[]): ImportFailure {
  const listed = issues.slice(0, LISTED_ISSUES).map((i) => `  ${formatIssue(i)}`);
  const more = issues.length > LISTED_ISSUES ? [`  ... and ${issues.length - LISTED_ISSUES} more`] : [];
  return { message: [headline, ...listed, ...more].join('\n'), issues };
}

interface Validated {
  readonly dataset: Dataset;
  readonly errors: DataFileIssue[];
  readonly warnings: DataFileIssue[];
}

/** Rows on weekdays the exchange was closed: dropped with a warning (Cboe formats) or an error. */
function splitClosedWeekdays<R extends { line: number; day: number }>(
  file: string,
  records: readonly R[],
  calendar: TradingDayCalendar,
  dropClosedWeekdays: boolean,
): { kept: R[]; errors: DataFileIssue[]; warnings: DataFileIssue[] } {
  const kept: R[] = [];
  const errors: DataFileIssue[] = [];
  const warnings: DataFileIssue[] = [];
  for (const r of records) {
    if (calendar.isTradingDay(r.day)) {
      kept.push(r);
      continue;
    }
    const weekday = weekdayOfDay(r.day);
    const weekend = weekday === 0 || weekday === 6;
    const issue = { file, line: r.line, field: 'date', message: `${isoFromDay(r.day)} is not an exchange trading day (${weekend ? 'weekend' : 'exchange holiday'})` };
    if (weekend || !dropClosedWeekdays) errors.push(issue);
    else {
      warnings.push({ ...issue, message: `${issue.message}; row dropped` });
    }
  }
  return { kept, errors, warnings };
}

export function validateImport(
  file: string,
  format: ImportFormat,
  dataset: Dataset,
  calendar: TradingDayCalendar,
  ranges: PlausibleRanges,
): Validated {
  const dropClosedWeekdays = format === 'cboe-index' || format === 'cboe-close' || format === 'cfe-futures';
  switch (dataset.kind) {
    case 'index': {
      const days = splitClosedWeekdays(file, dataset.records, calendar, dropClosedWeekdays && dataset.name !== 'spx');
      const checked = checkIndexRecords(file, dataset.name, days.kept, ranges);
      return { dataset: { ...dataset, records: checked.kept }, errors: [...days.errors, ...checked.issues], warnings: days.warnings };
    }
    case 'vxFutures': {
      const days = splitClosedWeekdays(file, dataset.records, calendar, dropClosedWeekdays);
      const checked = checkVxRecords(file, days.kept, ranges);
      return { dataset: { ...dataset, records: checked.kept }, errors: [...days.errors, ...checked.issues], warnings: days.warnings };
    }
    case 'rate': {
      // Treasury quotes follow the bond-market calendar (open on Good Friday), not the exchange's.
      const checked = checkRateRecords(file, dataset.records, ranges);
      return { dataset: { ...dataset, records: checked.kept }, errors: checked.issues, warnings: [] };
    }
    case 'events': {
      // Events keep their real date, weekends included (2020-03-15 was a Sunday).
      const checked = checkEventRecords(file, dataset.records);
      return { dataset: { ...dataset, records: checked.kept }, errors: checked.issues, warnings: [] };
    }
    case 'breadth': {
      const days = splitClosedWeekdays(file, dataset.records, calendar, false);
      const checked = checkBreadthRows(file, days.kept);
      return { dataset: { ...dataset, records: checked.kept }, errors: [...days.errors, ...checked.issues], warnings: [] };
    }
  }
}

export interface ImportRequest {
  /** Path of the file to read. */
  readonly path: string;
  /** Name used in messages and for format detection (defaults to the path's base name). */
  readonly displayName?: string;
  readonly target?: ImportTarget;
  readonly replace: boolean;
  /** Today, read from the clock by the caller: rows dated later are refused. */
  readonly todayDay?: DayNumber;
}

/** Parses and validates `text` into a dataset ready for the store, or the problems found. */
export function prepareImport(
  text: string,
  fileName: string,
  target: ImportTarget | undefined,
  calendar: TradingDayCalendar,
  ranges: PlausibleRanges = defaultPlausibleRanges,
  config: ImportConfig = defaultImportConfig,
  context: ImportContext = {},
): Result<{ format: ImportFormat; dataset: Dataset; warnings: DataFileIssue[] }, ImportFailure> {
  const table = parseCsvText(fileName, text, { isHeader: isKnownHeader });
  if (!table.ok) {
    const headline = table.error.message.startsWith('no recognised header')
      ? `${fileName}: no recognised header; expected one of: ${EXPECTED_FORMATS_TEXT}`
      : `${fileName} is not a readable CSV file:`;
    return err(describeIssues(headline, [table.error]));
  }
  const duplicated = duplicateColumns(fileName, table.value.header, table.value.headerLine);
  if (duplicated.length > 0) return err(describeIssues(`${fileName} was not imported (${duplicated.length} problem(s); nothing was changed):`, duplicated));
  const parsed = parseImport(table.value, fileName, target, config);
  if (parsed.format === undefined) return err(describeIssues(`${fileName} was not imported:`, parsed.issues));
  if (parsed.issues.length > 0) return err(describeIssues(`${fileName} was not imported (${parsed.issues.length} problem(s); nothing was changed):`, parsed.issues));
  const validated = validateImport(fileName, parsed.format, parsed.dataset, calendar, ranges);
  const meaning = checkImportMeaning(fileName, validated.dataset, context);
  const errors = [...validated.errors, ...meaning.errors].sort((a, b) => a.line - b.line);
  if (errors.length > 0) {
    return err(describeIssues(`${fileName} was not imported (${errors.length} problem(s); nothing was changed):`, errors));
  }
  if (datasetSize(meaning.dataset) === 0) return err(describeIssues(`${fileName} has no data rows to import; nothing was changed`, meaning.warnings));
  return ok({ format: parsed.format, dataset: meaning.dataset, warnings: [...validated.warnings, ...meaning.warnings] });
}

function datasetSize(dataset: Dataset): number {
  return dataset.records.length;
}

export async function importFile(
  store: MarketDataStore,
  calendar: TradingDayCalendar,
  request: ImportRequest,
  ranges: PlausibleRanges = defaultPlausibleRanges,
): Promise<Result<ImportOutcome, ImportFailure>> {
  const fileName = request.displayName ?? basename(request.path);
  let text: string;
  try {
    text = await readFile(request.path, 'utf8');
  } catch (cause) {
    return err({ message: `cannot read ${request.path}: ${(cause as Error).message}`, issues: [] });
  }
  const contents = store.contents();
  const prepared = prepareImport(text, fileName, request.target, calendar, ranges, defaultImportConfig, {
    ...(request.todayDay === undefined ? {} : { todayDay: request.todayDay }),
    storedIndex: (name) => contents.index.get(name) ?? [],
  });
  if (!prepared.ok) return prepared;
  const applied = await store.apply([prepared.value.dataset], fileName, { replace: request.replace });
  if (!applied.ok) {
    return err(describeIssues(`${fileName} was not imported: it disagrees with the stored ${datasetKey(prepared.value.dataset)} (nothing was changed):`, applied.error.issues));
  }
  const change = applied.value[0];
  if (!change) throw new Error('store.apply returned no change for one dataset');
  return ok({ format: prepared.value.format, change, warnings: prepared.value.warnings.map(formatIssue) });
}
