/**
 * How closely a replica of Cboe's S&P 500 Iron Condor Index (CNDR) tracks the real index: both daily
 * series are cut to month-end levels on days where both have a value, turned into monthly returns, and
 * compared per period (correlation, annualised geometric return and volatility of each, tracking error).
 *
 * Month ends are taken on the last day of the month on which BOTH series have a level, so the two
 * returns of a month always span the same interval even when one source misses a day (the bundled CNDR
 * file lacks 1997-01-31, for example).
 */
import { z } from 'zod';
import { err, ok, type Result } from '../lib/result.js';
import { ymdFromDay, type DayNumber } from '../time/day.js';

/** A month as `YYYY-MM`. */
export type MonthKey = string;

const MONTH_KEY = /^\d{4}-(0[1-9]|1[0-2])$/;
const MonthKeySchema = z.string().regex(MONTH_KEY, 'a month as YYYY-MM');

const PeriodSchema = z.strictObject({
  id: z.string().min(1),
  label: z.string().min(1),
  fromMonth: MonthKeySchema,
  /** Inclusive; absent means "to the last month of the data". */
  toMonth: MonthKeySchema.optional(),
  /** Whether this period is held out (no model parameter was fitted on its data) rather than in-sample. */
  heldOut: z.boolean(),
});

const CautionRangeSchema = z.strictObject({
  fromMonth: MonthKeySchema,
  toMonth: MonthKeySchema,
  reason: z.string().min(1),
});

export const CndrReplicationConfigSchema = z.strictObject({
  periods: z
    .array(PeriodSchema)
    .min(1)
    .default([
      { id: '1990-1999', label: '1990-99', fromMonth: '1990-01', toMonth: '1999-12', heldOut: false },
      { id: '2000-2007', label: '2000-07', fromMonth: '2000-01', toMonth: '2007-12', heldOut: false },
      { id: '2008-2015', label: '2008-15', fromMonth: '2008-01', toMonth: '2015-12', heldOut: false },
      { id: '2016-today', label: '2016-today (held out)', fromMonth: '2016-01', heldOut: true },
    ]),
  /**
   * Months whose index return is known to be unreliable in the bundled file: they are reported but
   * left out of the "excluding caution months" statistics. The defaults are the bundled CNDR file's
   * documented disagreements with Cboe's monthly values: a level offset that appears in February 2016
   * and is removed on 2016-11-01, and a dip from 2017-02-13 that rejoins in March 2017.
   */
  cautionMonths: z
    .array(CautionRangeSchema)
    .default([
      { fromMonth: '2016-02', toMonth: '2016-11', reason: 'bundled CNDR level offset (Feb..Oct 2016, removed 2016-11-01)' },
      { fromMonth: '2017-02', toMonth: '2017-03', reason: 'bundled CNDR dip from 2017-02-13, rejoins in March 2017' },
    ]),
  /** Annualisation of monthly figures: returns compound over 12 months, volatility scales by sqrt(12). */
  monthsPerYear: z.number().int().positive().default(12),
  /** Fewest compared months for which a period's statistics are computed. */
  minMonthsCompared: z.number().int().min(2).default(12),
  /** Every era is judged against these (issue 12's target table). */
  targets: z
    .strictObject({
      minMonthlyReturnCorrelation: z.number().min(-1).max(1).default(0.93),
      /** Largest gap between the annualised returns of replica and index, in percentage points. */
      maxAnnualReturnGapPercentagePoints: z.number().nonnegative().default(1),
    })
    .default({ minMonthlyReturnCorrelation: 0.93, maxAnnualReturnGapPercentagePoints: 1 }),
  /**
   * The index's credit is not published, so its era-to-era change is read from its monthly returns:
   * this quantile of an era's monthly returns is a month in which the condor kept its credit (credit
   * over collateral plus interest). The replica's same quantile is compared with it.
   */
  creditProxyQuantile: z.number().gt(0).lt(1).default(0.8),
  /** The credit target is met when the replica's proxy over the index's stays within [1 / this, this] in every era. */
  creditProxyMaxRatio: z.number().gt(1).default(1.25),
});
export type CndrReplicationConfig = z.infer<typeof CndrReplicationConfigSchema>;
export type ReplicationPeriod = z.infer<typeof PeriodSchema>;

/** One daily observation: the replica's equity (any currency) or the index level (points). */
export interface LevelPoint {
  readonly day: DayNumber;
  readonly level: number;
}

export type SeriesName = 'replica' | 'index';

export type ReplicationInputError =
  | { readonly kind: 'not-positive-finite'; readonly series: SeriesName; readonly index: number; readonly day: DayNumber; readonly level: number }
  | { readonly kind: 'days-not-increasing'; readonly series: SeriesName; readonly index: number; readonly day: DayNumber };

export type ExclusionReason =
  /** The month has levels in only one of the series, or in neither on a common day. */
  | 'no-common-day'
  /** The previous month has no common month-end, so the month's returns have no base. */
  | 'no-previous-month-end'
  /** A caution month (see the config's `cautionMonths`); kept in the "all months" statistics. */
  | 'caution';

export interface MonthlyComparison {
  readonly month: MonthKey;
  /** The last day of the month with a level in both series; undefined when there is none. */
  readonly monthEndDay: DayNumber | undefined;
  readonly replicaLevel: number | undefined;
  readonly indexLevel: number | undefined;
  readonly replicaReturnFraction: number | undefined;
  readonly indexReturnFraction: number | undefined;
  /** Why the month is not compared; undefined for a compared month. */
  readonly excluded: { readonly reason: ExclusionReason; readonly detail: string } | undefined;
}

export interface SeriesStatistics {
  /** Geometric: the compounded monthly returns per year. */
  readonly annualReturnFraction: number;
  /** Sample standard deviation of monthly returns, annualised by sqrt(months per year). */
  readonly annualVolatilityFraction: number;
}

export interface ReplicationStatistics {
  readonly monthsCompared: number;
  readonly firstMonth: MonthKey;
  readonly lastMonth: MonthKey;
  readonly monthlyReturnCorrelation: number;
  readonly replica: SeriesStatistics;
  readonly index: SeriesStatistics;
  /** Replica minus index annualised return, in percentage points. */
  readonly annualReturnGapPercentagePoints: number;
  /** Annualised sample standard deviation of the monthly return difference (replica minus index). */
  readonly trackingErrorFraction: number;
}

export type StatisticsError =
  | { readonly kind: 'too-few-months'; readonly monthsCompared: number; readonly minMonths: number }
  | { readonly kind: 'zero-variance'; readonly series: SeriesName };

export interface PeriodComparison {
  readonly period: ReplicationPeriod;
  /** The months of the data inside the period, compared or not. */
  readonly months: readonly MonthlyComparison[];
  /** Caution months left out: the headline figures. */
  readonly statistics: Result<ReplicationStatistics, StatisticsError>;
  /** Every comparable month, caution months included. */
  readonly statisticsAllMonths: Result<ReplicationStatistics, StatisticsError>;
  /** Whether the targets are met (undefined without statistics). */
  readonly targets: { readonly correlationMet: boolean; readonly annualReturnGapMet: boolean } | undefined;
}

export interface CndrReplication {
  readonly months: readonly MonthlyComparison[];
  readonly periods: readonly PeriodComparison[];
}

export function monthKeyOfDay(day: DayNumber): MonthKey {
  const { year, month } = ymdFromDay(day);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

function nextMonthKey(month: MonthKey): MonthKey {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}`;
}

function checkSeries(series: SeriesName, points: readonly LevelPoint[]): ReplicationInputError | undefined {
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as LevelPoint;
    if (!Number.isFinite(p.level) || p.level <= 0) return { kind: 'not-positive-finite', series, index: i, day: p.day, level: p.level };
    if (i > 0 && p.day <= (points[i - 1] as LevelPoint).day) return { kind: 'days-not-increasing', series, index: i, day: p.day };
  }
  return undefined;
}

function inCaution(month: MonthKey, config: CndrReplicationConfig): string | undefined {
  return config.cautionMonths.find((c) => month >= c.fromMonth && month <= c.toMonth)?.reason;
}

/** Month-end levels on common days and the monthly returns of both series, every month from the first to the last observation. */
export function monthlyComparisons(replica: readonly LevelPoint[], index: readonly LevelPoint[], config: CndrReplicationConfig): Result<MonthlyComparison[], ReplicationInputError> {
  const bad = checkSeries('replica', replica) ?? checkSeries('index', index);
  if (bad) return err(bad);
  if (replica.length === 0 && index.length === 0) return ok([]);
  const indexByDay = new Map(index.map((p) => [p.day, p.level]));
  const commonEnd = new Map<MonthKey, { day: DayNumber; replica: number; index: number }>();
  for (const p of replica) {
    const indexLevel = indexByDay.get(p.day);
    if (indexLevel !== undefined) commonEnd.set(monthKeyOfDay(p.day), { day: p.day, replica: p.level, index: indexLevel });
  }
  const firstDay = Math.min(replica[0]?.day ?? Infinity, index[0]?.day ?? Infinity);
  const lastDay = Math.max(replica[replica.length - 1]?.day ?? -Infinity, index[index.length - 1]?.day ?? -Infinity);
  const lastMonth = monthKeyOfDay(lastDay);
  const out: MonthlyComparison[] = [];
  let previous: { day: DayNumber; replica: number; index: number } | undefined;
  for (let month = monthKeyOfDay(firstDay); month <= lastMonth; month = nextMonthKey(month)) {
    const end = commonEnd.get(month);
    let excluded: MonthlyComparison['excluded'];
    let replicaReturn: number | undefined;
    let indexReturn: number | undefined;
    if (!end) excluded = { reason: 'no-common-day', detail: 'no day of the month has both a replica and an index level' };
    else if (!previous) excluded = { reason: 'no-previous-month-end', detail: 'the previous month has no common month-end level' };
    else {
      replicaReturn = end.replica / previous.replica - 1;
      indexReturn = end.index / previous.index - 1;
      const caution = inCaution(month, config);
      if (caution !== undefined) excluded = { reason: 'caution', detail: caution };
    }
    out.push({
      month,
      monthEndDay: end?.day,
      replicaLevel: end?.replica,
      indexLevel: end?.index,
      replicaReturnFraction: replicaReturn,
      indexReturnFraction: indexReturn,
      excluded,
    });
    previous = end;
  }
  return ok(out);
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Sample (n - 1) covariance. */
function covariance(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] as number) - ma) * ((b[i] as number) - mb);
  return sum / (a.length - 1);
}

function seriesStatistics(returns: readonly number[], monthsPerYear: number): SeriesStatistics {
  // Sum of log growth rather than a running product, so long periods cannot overflow or underflow.
  const logGrowth = returns.reduce((s, r) => s + Math.log1p(r), 0);
  return {
    annualReturnFraction: Math.expm1((logGrowth * monthsPerYear) / returns.length),
    annualVolatilityFraction: Math.sqrt(covariance(returns, returns) * monthsPerYear),
  };
}

/** Statistics over the given compared months (each must carry both returns). */
export function replicationStatistics(months: readonly MonthlyComparison[], config: CndrReplicationConfig): Result<ReplicationStatistics, StatisticsError> {
  const compared = months.filter((m) => m.replicaReturnFraction !== undefined && m.indexReturnFraction !== undefined);
  if (compared.length < config.minMonthsCompared) return err({ kind: 'too-few-months', monthsCompared: compared.length, minMonths: config.minMonthsCompared });
  const replica = compared.map((m) => m.replicaReturnFraction as number);
  const index = compared.map((m) => m.indexReturnFraction as number);
  const replicaVariance = covariance(replica, replica);
  const indexVariance = covariance(index, index);
  if (!(replicaVariance > 0)) return err({ kind: 'zero-variance', series: 'replica' });
  if (!(indexVariance > 0)) return err({ kind: 'zero-variance', series: 'index' });
  const difference = replica.map((r, i) => r - (index[i] as number));
  const replicaStats = seriesStatistics(replica, config.monthsPerYear);
  const indexStats = seriesStatistics(index, config.monthsPerYear);
  // Clamped because rounding can push the ratio of identical series a hair past 1.
  const correlation = Math.max(-1, Math.min(1, covariance(replica, index) / Math.sqrt(replicaVariance * indexVariance)));
  return ok({
    monthsCompared: compared.length,
    firstMonth: (compared[0] as MonthlyComparison).month,
    lastMonth: (compared[compared.length - 1] as MonthlyComparison).month,
    monthlyReturnCorrelation: correlation,
    replica: replicaStats,
    index: indexStats,
    annualReturnGapPercentagePoints: 100 * (replicaStats.annualReturnFraction - indexStats.annualReturnFraction),
    trackingErrorFraction: Math.sqrt(Math.max(covariance(difference, difference), 0) * config.monthsPerYear),
  });
}

/** Monthly comparison and per-period statistics of a replica against the index. */
export function compareCndrReplication(replica: readonly LevelPoint[], index: readonly LevelPoint[], config: CndrReplicationConfig): Result<CndrReplication, ReplicationInputError> {
  const monthly = monthlyComparisons(replica, index, config);
  if (!monthly.ok) return monthly;
  const periods = config.periods.map((period): PeriodComparison => {
    const months = monthly.value.filter((m) => m.month >= period.fromMonth && (period.toMonth === undefined || m.month <= period.toMonth));
    const statistics = replicationStatistics(
      months.filter((m) => m.excluded === undefined),
      config,
    );
    const statisticsAllMonths = replicationStatistics(
      months.filter((m) => m.excluded === undefined || m.excluded.reason === 'caution'),
      config,
    );
    const targets = statistics.ok
      ? {
          correlationMet: statistics.value.monthlyReturnCorrelation >= config.targets.minMonthlyReturnCorrelation,
          annualReturnGapMet: Math.abs(statistics.value.annualReturnGapPercentagePoints) <= config.targets.maxAnnualReturnGapPercentagePoints,
        }
      : undefined;
    return { period, months, statistics, statisticsAllMonths, targets };
  });
  return ok({ months: monthly.value, periods });
}

/** One condor of the replica: its credit over its collateral when it was opened. */
export interface CondorCredit {
  readonly entryDay: DayNumber;
  /** Net credit x units x multiplier / equity at entry (the preset sizes units as equity / collateral). */
  readonly creditOverCollateralFraction: number;
}

export interface CreditByPeriod {
  readonly period: ReplicationPeriod;
  readonly condorCount: number;
  /** Median credit / collateral of the replica's condors opened in the period; undefined without any. */
  readonly replicaMedianCreditFraction: number | undefined;
  /** The `creditProxyQuantile` of the compared monthly returns (caution months left out). */
  readonly replicaCreditProxyFraction: number | undefined;
  readonly indexCreditProxyFraction: number | undefined;
  /** Replica proxy over index proxy. */
  readonly proxyRatio: number | undefined;
}

/** Linear interpolation between order statistics (the same rule as the report's other quantiles). */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return (sorted[lower] as number) + (position - lower) * ((sorted[upper] as number) - (sorted[lower] as number));
}

/** Credit over collateral per period: the replica's own, and the monthly-return proxy for both series. */
export function creditByPeriod(comparison: CndrReplication, credits: readonly CondorCredit[], config: CndrReplicationConfig): CreditByPeriod[] {
  return comparison.periods.map((p) => {
    const inPeriod = credits.filter((c) => {
      const month = monthKeyOfDay(c.entryDay);
      return month >= p.period.fromMonth && (p.period.toMonth === undefined || month <= p.period.toMonth);
    });
    const compared = p.months.filter((m) => m.excluded === undefined && m.replicaReturnFraction !== undefined && m.indexReturnFraction !== undefined);
    const replicaProxy = quantile(compared.map((m) => m.replicaReturnFraction as number), config.creditProxyQuantile);
    const indexProxy = quantile(compared.map((m) => m.indexReturnFraction as number), config.creditProxyQuantile);
    return {
      period: p.period,
      condorCount: inPeriod.length,
      replicaMedianCreditFraction: quantile(inPeriod.map((c) => c.creditOverCollateralFraction), 0.5),
      replicaCreditProxyFraction: replicaProxy,
      indexCreditProxyFraction: indexProxy,
      proxyRatio: replicaProxy !== undefined && indexProxy !== undefined && indexProxy > 0 ? replicaProxy / indexProxy : undefined,
    };
  });
}

/** Met when every period has a proxy ratio within [1 / creditProxyMaxRatio, creditProxyMaxRatio]. */
export function creditTargetMet(rows: readonly CreditByPeriod[], config: CndrReplicationConfig): boolean {
  return rows.length > 0 && rows.every((r) => r.proxyRatio !== undefined && r.proxyRatio <= config.creditProxyMaxRatio && r.proxyRatio >= 1 / config.creditProxyMaxRatio);
}
