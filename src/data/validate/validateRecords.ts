/**
 * Row checks shared by the bundled loader and user imports: order, duplicates, high >= low and
 * plausible ranges (exchange-calendar checks are the importer's, which knows the format's policy).
 * Each failing row becomes an
 * issue naming file, line and field and is left out of `kept`; the caller decides whether issues are
 * warnings (bundled data: the documented drop policy) or errors (imports: all or nothing).
 */
import type { DataFileIssue } from '../csv/csvText.js';
import type { BreadthRow, EventRecord, IndexRecord, RateRecord, VxRecord } from '../records.js';
import type { IndexSeriesName } from '../../history/types.js';
import { isoFromDay, type DayNumber } from '../../time/day.js';
import type { PlausibleRanges } from './plausibleRanges.js';

export interface Checked<R> {
  readonly kept: R[];
  readonly issues: DataFileIssue[];
}

interface DayOrderState {
  previousDay: DayNumber | undefined;
  seen: Set<string>;
}

/** Strictly increasing days (or non-decreasing with a unique key when several rows share a day). */
function checkOrder(
  file: string,
  line: number,
  day: DayNumber,
  key: string | undefined,
  state: DayOrderState,
): DataFileIssue | undefined {
  const prev = state.previousDay;
  if (prev !== undefined && day < prev) {
    return { file, line, field: 'date', message: `${isoFromDay(day)} is before the previous row's ${isoFromDay(prev)} (rows must be sorted ascending)` };
  }
  if (key === undefined) {
    if (prev !== undefined && day === prev) return { file, line, field: 'date', message: `duplicate date ${isoFromDay(day)}` };
  } else {
    if (prev !== day) state.seen.clear();
    if (state.seen.has(key)) return { file, line, field: 'date', message: `duplicate row for ${isoFromDay(day)} ${key}` };
    state.seen.add(key);
  }
  state.previousDay = day;
  return undefined;
}

export function checkIndexRecords(
  file: string,
  name: IndexSeriesName,
  records: readonly IndexRecord[],
  ranges: PlausibleRanges,
): Checked<IndexRecord> {
  const kept: IndexRecord[] = [];
  const issues: DataFileIssue[] = [];
  const order: DayOrderState = { previousDay: undefined, seen: new Set() };
  const { minPoints, maxPoints } = ranges[name];
  for (const r of records) {
    const problem =
      checkOrder(file, r.line, r.day, undefined, order) ??
      (r.high < r.low
        ? { file, line: r.line, field: 'high', message: `high ${r.high} is below low ${r.low}` }
        : undefined) ??
      rangeIssue(file, r.line, 'low', r.low, minPoints, maxPoints, name) ??
      rangeIssue(file, r.line, 'high', r.high, minPoints, maxPoints, name) ??
      rangeIssue(file, r.line, 'close', r.close, minPoints, maxPoints, name);
    if (problem) issues.push(problem);
    else kept.push(r);
  }
  return { kept, issues };
}

function rangeIssue(
  file: string,
  line: number,
  field: string,
  value: number,
  min: number,
  max: number,
  what: string,
): DataFileIssue | undefined {
  if (value >= min && value <= max) return undefined;
  return { file, line, field, message: `${value} is outside the plausible ${what} range [${min}, ${max}] (an outlier, not used)` };
}

export function checkVxRecords(
  file: string,
  records: readonly VxRecord[],
  ranges: PlausibleRanges,
): Checked<VxRecord> {
  const kept: VxRecord[] = [];
  const issues: DataFileIssue[] = [];
  const order: DayOrderState = { previousDay: undefined, seen: new Set() };
  const { minPoints, maxPoints } = ranges.vxFutures;
  for (const r of records) {
    const problem =
      checkOrder(file, r.line, r.day, r.contract, order) ??
      (r.expiryDay < r.day
        ? { file, line: r.line, field: 'expiry', message: `expiry ${isoFromDay(r.expiryDay)} is before the trade date` }
        : undefined) ??
      rangeIssue(file, r.line, 'settle', r.settle, minPoints, maxPoints, 'VIX futures');
    if (problem) issues.push(problem);
    else kept.push(r);
  }
  return { kept, issues };
}

export function checkRateRecords(file: string, records: readonly RateRecord[], ranges: PlausibleRanges): Checked<RateRecord> {
  const kept: RateRecord[] = [];
  const issues: DataFileIssue[] = [];
  const order: DayOrderState = { previousDay: undefined, seen: new Set() };
  const { minPct, maxPct } = ranges.treasuryBillPct;
  for (const r of records) {
    const problem =
      checkOrder(file, r.line, r.day, undefined, order) ??
      rangeIssue(file, r.line, 'rate', r.discountYieldPct, minPct, maxPct, 'T-bill %');
    if (problem) issues.push(problem);
    else kept.push(r);
  }
  return { kept, issues };
}

export function checkEventRecords(file: string, records: readonly EventRecord[]): Checked<EventRecord> {
  const kept: EventRecord[] = [];
  const issues: DataFileIssue[] = [];
  const order: DayOrderState = { previousDay: undefined, seen: new Set() };
  for (const r of records) {
    const problem = checkOrder(file, r.line, r.day, r.kind, order);
    if (problem) issues.push(problem);
    else kept.push(r);
  }
  return { kept, issues };
}

export function checkBreadthRows(file: string, records: readonly BreadthRow[]): Checked<BreadthRow> {
  const kept: BreadthRow[] = [];
  const issues: DataFileIssue[] = [];
  const order: DayOrderState = { previousDay: undefined, seen: new Set() };
  for (const r of records) {
    const problem =
      checkOrder(file, r.line, r.day, undefined, order) ??
      (!Number.isInteger(r.advancing) || r.advancing < 0
        ? { file, line: r.line, field: 'advancing', message: `must be a non-negative whole number of issues, got ${r.advancing}` }
        : undefined) ??
      (!Number.isInteger(r.declining) || r.declining < 0
        ? { file, line: r.line, field: 'declining', message: `must be a non-negative whole number of issues, got ${r.declining}` }
        : undefined);
    if (problem) issues.push(problem);
    else kept.push(r);
  }
  return { kept, issues };
}
