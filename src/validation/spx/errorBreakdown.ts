/**
 * Where the model's IV error lies: the quote comparison's rows grouped by days to expiry and by the
 * quote day's VIX close, with the target's 16-25 delta quotes split into puts and calls. The target
 * row is judged on all of a chain's quotes at once; this says which tenors and which markets carry
 * the miss, so that a reader of a backtest knows where to trust the model's prices. Used by the
 * bundled validation and by the validation against a user's own chains.
 */
import { calendarDaysBetween, type DayNumber } from '../../time/day.js';
import type { OptionType } from '../../pricing/black76.js';
import type { JsonValue } from '../../report/section.js';
import { fixed, markdownTable } from '../../report/markdownTable.js';
import type { QuoteComparisonRow } from './quoteComparison.js';
import { distributionOf } from './stats.js';
import { IV_ERROR_TARGET_DELTA_PERCENTS } from './targetRules.js';
import { VIX_BUCKETS } from '../spread.js';

/** A bucket [low, high) of days to expiry (calendar days) or of the VIX close (index points). */
export type BreakdownBucket = readonly [number, number];

/** The upper edge of a last bucket of days to expiry: every longer expiry (LEAPS included). */
export const OPEN_END_DAYS = Number.POSITIVE_INFINITY;
/** An upper edge at or above this VIX level means "and above" (VIX has never closed above 83). */
export const OPEN_END_VIX = 100;

/** Medians of a group of quotes' IV errors (model − real, vol points); undefined for an empty group. */
export interface IvErrorMedians {
  readonly count: number;
  readonly medianIvErrorVolPoints: number | undefined;
  readonly medianAbsIvErrorVolPoints: number | undefined;
}

export interface IvErrorBreakdownRow {
  readonly label: string;
  /** Every quote of the bucket. */
  readonly all: IvErrorMedians;
  /** Its 16, 20 and 25 delta quotes, puts and calls together (the target's median). */
  readonly target: IvErrorMedians;
  /** The same, by option type. */
  readonly targetByType: Readonly<Record<OptionType, IvErrorMedians>>;
}

function mediansOf(rows: readonly QuoteComparisonRow[]): IvErrorMedians {
  return {
    count: rows.length,
    medianIvErrorVolPoints: distributionOf(rows.map((r) => r.ivErrorVolPoints))?.median,
    medianAbsIvErrorVolPoints: distributionOf(rows.map((r) => Math.abs(r.ivErrorVolPoints)))?.median,
  };
}

/**
 * One row per bucket that holds a quote (an empty bucket is left out, never shown as zeros).
 * `keyOf` gives a row's key (undefined: in no bucket); `labelOf` names a bucket.
 */
export function ivErrorBreakdown(
  rows: readonly QuoteComparisonRow[],
  buckets: readonly BreakdownBucket[],
  keyOf: (row: QuoteComparisonRow) => number | undefined,
  labelOf: (bucket: BreakdownBucket) => string,
): IvErrorBreakdownRow[] {
  const result: IvErrorBreakdownRow[] = [];
  for (const bucket of buckets) {
    const inBucket = rows.filter((r) => {
      const key = keyOf(r);
      return key !== undefined && key >= bucket[0] && key < bucket[1];
    });
    if (inBucket.length === 0) continue;
    const target = inBucket.filter((r) => IV_ERROR_TARGET_DELTA_PERCENTS.includes(r.bucket.deltaPercent));
    result.push({
      label: labelOf(bucket),
      all: mediansOf(inBucket),
      target: mediansOf(target),
      targetByType: { put: mediansOf(target.filter((r) => r.quote.type === 'put')), call: mediansOf(target.filter((r) => r.quote.type === 'call')) },
    });
  }
  return result;
}

/** Calendar days from the quote day to the expiry. */
export const daysToExpiryOf = (row: QuoteComparisonRow): number => calendarDaysBetween(row.quote.quoteDay, row.quote.expiryDay);

/** The VIX close of a row's quote day, from `vixCloseOn`. */
export const vixCloseOf =
  (vixCloseOn: (day: DayNumber) => number | undefined) =>
  (row: QuoteComparisonRow): number | undefined =>
    vixCloseOn(row.quote.quoteDay);

/** Whole days [low, high) read as the days they hold: [1, 4) is "1-3 d", an open end "≥ 61 d". */
export function dayBucketLabel([low, high]: BreakdownBucket): string {
  if (high === OPEN_END_DAYS) return `≥ ${low} d`;
  return high - low === 1 ? `${low} d` : `${low}-${high - 1} d`;
}

/** VIX levels [low, high): "12-15", an open end "≥ 30". */
export function vixBucketLabel([low, high]: BreakdownBucket): string {
  return high >= OPEN_END_VIX ? `≥ ${low}` : `${low}-${high}`;
}

/**
 * Days-to-expiry buckets of the bundled validation, [low, high): a week at a time to a month (the
 * held-out SPXW chain runs from 29 days to 1), then the fit chain's 45 and 80 days.
 */
export const VALIDATION_DTE_BUCKETS_DAYS: readonly BreakdownBucket[] = [
  [1, 4],
  [4, 8],
  [8, 15],
  [15, 22],
  [22, 32],
  [32, 61],
  [61, OPEN_END_DAYS],
];

const cell = (m: IvErrorMedians) => (m.count === 0 ? '–' : `${fixed(m.medianIvErrorVolPoints, 2)} (${m.count})`);

/** The breakdown as a markdown table whose first column is `title`. */
export function ivErrorBreakdownTable(title: string, rows: readonly IvErrorBreakdownRow[]): string {
  return markdownTable(
    [title, 'quotes', 'median IV error (model − real, vol pts)', 'median abs IV error', 'median abs IV error 16-25Δ', '16-25Δ puts: median IV error (quotes)', '16-25Δ calls: median IV error (quotes)'],
    rows.map((r) => [
      r.label,
      String(r.all.count),
      fixed(r.all.medianIvErrorVolPoints, 2),
      fixed(r.all.medianAbsIvErrorVolPoints, 2),
      fixed(r.target.medianAbsIvErrorVolPoints, 2),
      cell(r.targetByType.put),
      cell(r.targetByType.call),
    ]),
  );
}

const mediansJson = (m: IvErrorMedians): JsonValue => ({
  count: m.count,
  medianIvErrorVolPoints: m.medianIvErrorVolPoints ?? null,
  medianAbsIvErrorVolPoints: m.medianAbsIvErrorVolPoints ?? null,
});

export function ivErrorBreakdownJson(rows: readonly IvErrorBreakdownRow[]): JsonValue {
  return rows.map((r) => ({
    bucket: r.label,
    count: r.all.count,
    medianIvErrorVolPoints: r.all.medianIvErrorVolPoints ?? null,
    medianAbsIvErrorVolPoints: r.all.medianAbsIvErrorVolPoints ?? null,
    medianAbsIvError16to25VolPoints: r.target.medianAbsIvErrorVolPoints ?? null,
    targetPuts: mediansJson(r.targetByType.put),
    targetCalls: mediansJson(r.targetByType.call),
  }));
}

/** A set's errors by days to expiry and by the quote day's VIX close. */
export interface IvErrorBreakdowns {
  readonly byDaysToExpiry: readonly IvErrorBreakdownRow[];
  readonly byVixClose: readonly IvErrorBreakdownRow[];
}

/** Both breakdowns of the rows: by `dteBuckets` (calendar days) and by the VIX buckets of the spread tables. */
export function ivErrorBreakdowns(rows: readonly QuoteComparisonRow[], dteBuckets: readonly BreakdownBucket[], vixCloseOn: (day: DayNumber) => number | undefined): IvErrorBreakdowns {
  return {
    byDaysToExpiry: ivErrorBreakdown(rows, dteBuckets, daysToExpiryOf, dayBucketLabel),
    byVixClose: ivErrorBreakdown(rows, VIX_BUCKETS, vixCloseOf(vixCloseOn), vixBucketLabel),
  };
}

/** The two tables, days to expiry first. */
export function ivErrorBreakdownTables(b: IvErrorBreakdowns): string[] {
  return [ivErrorBreakdownTable('days to expiry', b.byDaysToExpiry), ivErrorBreakdownTable('VIX close', b.byVixClose)];
}

export function ivErrorBreakdownsJson(b: IvErrorBreakdowns): { byDaysToExpiry: JsonValue; byVixClose: JsonValue } {
  return { byDaysToExpiry: ivErrorBreakdownJson(b.byDaysToExpiry), byVixClose: ivErrorBreakdownJson(b.byVixClose) };
}
