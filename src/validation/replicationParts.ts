/**
 * What every benchmark replica (CNDR, PUT) shares: the run of its preset beside the real index, and the
 * report pieces (a replica's statistics as JSON, the growth-of-1 chart per era, the table of its
 * largest monthly differences from the real index). The comparison itself is
 * src/analysis/cndrReplication.ts; these run the replica and present the comparison.
 */
import type { LevelPoint, MonthlyComparison, PeriodComparison, ReplicationInputError, ReplicationStatistics, StatisticsError } from '../analysis/cndrReplication.js';
import { countNyseTradingDays } from '../calendar/nyse.js';
import type { BacktestResult } from '../engine/backtest.js';
import type { MarketDayView } from '../engine/marketView.js';
import { runSuite } from '../engine/suite.js';
import { OPTION_MULTIPLIER_USD } from '../engine/portfolio/book.js';
import { createModelMarket } from '../engine/modelMarketView.js';
import { VixBetaConfigSchema } from '../market/vixBetas.js';
import type { IndexSeriesName, MarketHistory } from '../history/types.js';
import { err, ok, type Result } from '../lib/result.js';
import { loadPreset } from '../data/presets.js';
import type { MarketModelConfig } from '../market/config.js';
import { defaultSignalConfig } from '../signals/config.js';
import type { StrategyConfig } from '../strategy/config.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import type { JsonValue, SvgChart } from '../report/section.js';
import { fixed, markdownTable, percent } from '../report/markdownTable.js';
import { lineChart } from '../report/svgChart.js';

/** How a replica and its index are named in charts and tables. */
export interface ReplicaNames {
  /** The replica's series, e.g. "cndr preset (model)". */
  readonly replica: string;
  /** The index's series, e.g. "CNDR index (real)". */
  readonly index: string;
  /** The index's short name for column headings, e.g. "CNDR". */
  readonly indexShort: string;
  /** The chart's title, e.g. "Growth of 1: cndr preset vs real CNDR". */
  readonly growthTitle: string;
  /** The chart caption's prefix, e.g. "Cumulative growth". */
  readonly growthCaption: string;
}

/** A replica preset's run and the real index over the same days. */
export interface ReplicaRun {
  /** The preset's backtest (undefined only if the suite returned no result under its name). */
  readonly result: BacktestResult | undefined;
  /** The preset's daily equity. */
  readonly replica: readonly LevelPoint[];
  /** The index's close on every day of the run on which it has one. */
  readonly index: readonly LevelPoint[];
  /** The daily equity of each config run alongside the preset, by name. */
  readonly alongside: ReadonlyMap<string, readonly LevelPoint[]>;
}

/**
 * Runs a replica preset through the engine over [fromDay, toDay] and reads the real index over the same
 * days. `alongside` configs (a part of the replica on its own) run in the same suite, on the same days.
 */
export function runReplica(inputs: {
  readonly history: MarketHistory;
  readonly strategy: StrategyConfig;
  readonly marketOn: (day: DayNumber) => MarketDayView | undefined;
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
  /** The bundled history's name for the real index. */
  readonly indexSeries: IndexSeriesName;
  readonly alongside?: readonly StrategyConfig[];
}): ReplicaRun {
  const suite = runSuite({
    history: inputs.history,
    configs: [inputs.strategy, ...(inputs.alongside ?? [])],
    fromDay: inputs.fromDay,
    toDay: inputs.toDay,
    signalConfig: defaultSignalConfig(),
    signalDeps: { countTradingDays: countNyseTradingDays },
    marketOn: inputs.marketOn,
  });
  const result = suite.results.get(inputs.strategy.name);
  const equityOf = (r: BacktestResult | undefined): LevelPoint[] => (r?.daily ?? []).map((d) => ({ day: d.day, level: d.equityUsd }));
  const replica = equityOf(result);
  const alongside = new Map((inputs.alongside ?? []).map((c) => [c.name, equityOf(suite.results.get(c.name))] as const));
  const index: LevelPoint[] = [];
  for (const day of suite.days) {
    const level = inputs.history.closeOn(inputs.indexSeries, day);
    if (level !== undefined) index.push({ day, level });
  }
  return { result, replica, index, alongside };
}

/** One income structure a replica opened: its entry credit (negative for a debit) over the equity of its entry day. */
export interface EntryCredit {
  readonly entryDay: DayNumber;
  readonly creditOverEquityFraction: number;
}

/** The replica's structures with their entry credits over equity (CNDR's credit, PPUT's put premium). */
export function entryCredits(run: Pick<ReplicaRun, 'result' | 'replica'>): EntryCredit[] {
  const equityOn = new Map(run.replica.map((p) => [p.day, p.level] as const));
  const credits: EntryCredit[] = [];
  for (const trade of run.result?.trades ?? []) {
    const equityUsd = equityOn.get(trade.entryDay);
    if (trade.kind !== 'condor' || equityUsd === undefined || !(equityUsd > 0)) continue;
    credits.push({ entryDay: trade.entryDay, creditOverEquityFraction: (trade.entryPricePoints * trade.contracts * OPTION_MULTIPLIER_USD) / equityUsd });
  }
  return credits;
}

/** The columns of a replica's statistics table; `first` heads the era column, `indexShort` names the index. */
export function statisticsHeaders(first: string, indexShort: string): string[] {
  return [first, 'months compared', 'correlation', 'replica ann. return', `${indexShort} ann. return`, 'gap (pts)', 'replica ann. vol', `${indexShort} ann. vol`, 'tracking error'];
}

/** A replica's statistics over an era as the table's cells (the gap written by `formatGap`), or why there are none. */
export function statisticsCells(label: string, stats: Result<ReplicationStatistics, StatisticsError>, formatGap: (points: number, digits: number) => string): string[] {
  if (!stats.ok) return [label, describeStatisticsError(stats.error), '', '', '', '', '', '', ''];
  const s = stats.value;
  return [
    label,
    `${s.monthsCompared} (${s.firstMonth}..${s.lastMonth})`,
    fixed(s.monthlyReturnCorrelation, 3),
    percent(s.replica.annualReturnFraction, 2),
    percent(s.index.annualReturnFraction, 2),
    formatGap(s.annualReturnGapPercentagePoints, 2),
    percent(s.replica.annualVolatilityFraction, 2),
    percent(s.index.annualVolatilityFraction, 2),
    percent(s.trackingErrorFraction, 2),
  ];
}

/** What a replica's validate provider needs of the validate command's context. */
export interface ReplicaContext {
  readonly history: MarketHistory;
  readonly config: MarketModelConfig;
  readonly replicationSpan: { readonly fromDay: DayNumber | undefined; readonly toDay: DayNumber | undefined };
  /** The exam's market on `config`, shared by its providers (each day calibrated once); absent, a provider builds its own. */
  readonly modelMarket?: (day: DayNumber) => MarketDayView | undefined;
}

/** The context's shared market, or one of the provider's own on the context's history and model config. */
export function replicaMarket(context: ReplicaContext): (day: DayNumber) => MarketDayView | undefined {
  return context.modelMarket ?? createModelMarket(context.history, context.config, VixBetaConfigSchema.parse({}));
}

/** What a replica runs: its preset over a span. */
export interface ReplicaPlan {
  readonly strategy: StrategyConfig;
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
}

/**
 * A replica's preset and span: from the index's first close (in `fromMonth` or later, when given) or
 * the span given, to the end of the data. `label` names the replica in errors ("PUT").
 */
export function replicaPlan(context: ReplicaContext, o: { readonly label: string; readonly indexSeries: IndexSeriesName; readonly preset: string; readonly fromMonth?: string }): Result<ReplicaPlan, string> {
  const { history, replicationSpan } = context;
  const days = history.tradingDays;
  const firstIndexDay = Array.from(days).find((day) => history.closeOn(o.indexSeries, day) !== undefined && (o.fromMonth === undefined || isoFromDay(day).slice(0, 7) >= o.fromMonth));
  if (days.length === 0 || firstIndexDay === undefined) return err(`${o.label} replication: the history has no ${o.label} index level${o.fromMonth === undefined ? '' : ` from ${o.fromMonth}`}`);
  const fromDay = replicationSpan.fromDay ?? firstIndexDay;
  const toDay = replicationSpan.toDay ?? (days[days.length - 1] as number);
  if (fromDay > toDay) return err(`${o.label} replication: the span starts after it ends`);
  try {
    return ok({ strategy: loadPreset(o.preset), fromDay, toDay });
  } catch (caught) {
    return err(`${o.label} replication: ${(caught as Error).message}`);
  }
}

/** Why a replica or index series cannot be compared: the series, the point and its day. */
export function describeReplicationInputError(error: ReplicationInputError): string {
  const where = `${error.series} series, point ${error.index} (${isoFromDay(error.day)})`;
  return error.kind === 'not-positive-finite' ? `${where}: level ${error.level} is not a positive finite number` : `${where}: days are not strictly increasing`;
}

export function describeStatisticsError(error: StatisticsError): string {
  return error.kind === 'too-few-months'
    ? `${error.monthsCompared} months compared, fewer than the ${error.minMonths} required`
    : `the ${error.series}'s monthly returns do not vary`;
}

export function statisticsJson(stats: Result<ReplicationStatistics, StatisticsError>): JsonValue {
  if (!stats.ok) return { error: describeStatisticsError(stats.error) };
  const s = stats.value;
  return {
    monthsCompared: s.monthsCompared,
    firstMonth: s.firstMonth,
    lastMonth: s.lastMonth,
    monthlyReturnCorrelation: s.monthlyReturnCorrelation,
    replicaAnnualReturnFraction: s.replica.annualReturnFraction,
    indexAnnualReturnFraction: s.index.annualReturnFraction,
    annualReturnGapPercentagePoints: s.annualReturnGapPercentagePoints,
    replicaAnnualVolatilityFraction: s.replica.annualVolatilityFraction,
    indexAnnualVolatilityFraction: s.index.annualVolatilityFraction,
    trackingErrorFraction: s.trackingErrorFraction,
  };
}

/** One compared month as JSON: its returns, or why it was left out. */
export function monthJson(m: MonthlyComparison): JsonValue {
  return {
    month: m.month,
    monthEnd: m.monthEndDay === undefined ? null : isoFromDay(m.monthEndDay),
    replicaReturnFraction: m.replicaReturnFraction ?? null,
    indexReturnFraction: m.indexReturnFraction ?? null,
    excluded: m.excluded === undefined ? null : { reason: m.excluded.reason, detail: m.excluded.detail },
  };
}

/** An era as JSON: which months it spans, whether it is held out, and its statistics over the compared months. */
export function periodJson(p: PeriodComparison): { [key: string]: JsonValue } {
  return {
    id: p.period.id,
    label: p.period.label,
    fromMonth: p.period.fromMonth,
    toMonth: p.period.toMonth ?? null,
    heldOut: p.period.heldOut,
    statistics: statisticsJson(p.statistics),
  };
}

/** Cumulative growth of both series over an era, rebased to 1 at the month-end before its first compared month. */
export function growthChart(period: PeriodComparison, allMonths: readonly MonthlyComparison[], names: ReplicaNames): SvgChart | undefined {
  const firstIndex = allMonths.findIndex((m) => m.month >= period.period.fromMonth);
  if (firstIndex < 0) return undefined;
  const withLevels = [allMonths[firstIndex - 1], ...period.months].filter(
    (m): m is MonthlyComparison & { monthEndDay: number; replicaLevel: number; indexLevel: number } =>
      m !== undefined && m.monthEndDay !== undefined && m.replicaLevel !== undefined && m.indexLevel !== undefined,
  );
  const base = withLevels[0];
  if (base === undefined || withLevels.length < 2) return undefined;
  const svg = lineChart({
    title: `${names.growthTitle}, ${period.period.label}`,
    yLabel: 'growth of 1',
    series: [
      { name: names.replica, points: withLevels.map((m) => [m.monthEndDay, m.replicaLevel / base.replicaLevel] as const) },
      { name: names.index, points: withLevels.map((m) => [m.monthEndDay, m.indexLevel / base.indexLevel] as const), dashed: true },
    ],
    xIsDay: true,
  });
  return { id: `growth-${period.period.id}`, title: `${names.growthCaption}, ${period.period.label}`, svg };
}

/**
 * The `count` months of an era where replica and index differ most, largest first (ties by month).
 * With `withNotes`, a column carries why a month was excluded from the statistics, if it was.
 */
export function largestDifferences(period: PeriodComparison, options: { readonly count: number; readonly indexShort: string; readonly withNotes: boolean; readonly emptyText: string }): string {
  const compared = period.months.filter((m) => m.replicaReturnFraction !== undefined && m.indexReturnFraction !== undefined);
  const diff = (m: MonthlyComparison): number => (m.replicaReturnFraction as number) - (m.indexReturnFraction as number);
  const largest = [...compared].sort((a, b) => Math.abs(diff(b)) - Math.abs(diff(a)) || (a.month < b.month ? -1 : 1)).slice(0, options.count);
  if (largest.length === 0) return options.emptyText;
  const headers = ['month', 'replica', options.indexShort, 'difference (pts)', ...(options.withNotes ? ['note'] : [])];
  return markdownTable(
    headers,
    largest.map((m) => [m.month, percent(m.replicaReturnFraction, 2), percent(m.indexReturnFraction, 2), fixed(100 * diff(m), 2), ...(options.withNotes ? [m.excluded?.detail ?? ''] : [])]),
  );
}

/** Each era's table of its largest monthly differences under a heading, as Markdown lines of a section. */
export function largestDifferencesByEra(periods: readonly PeriodComparison[], options: { readonly count: number; readonly indexShort: string; readonly withNotes: boolean }): string[] {
  return periods.flatMap((p) => ['', `**Largest monthly differences, ${p.period.label}:**`, '', largestDifferences(p, { ...options, emptyText: 'no compared months' })]);
}
