/**
 * The PUT replica of `alvh validate`: the `put` preset (Cboe's S&P 500 PutWrite Index rules: one short
 * ATM one-month SPX put, fully collateralised by T-bills) runs through the backtest engine on the market
 * model, and its daily equity is compared with the bundled real PUT index per era through month-end
 * returns, with the comparison functions of the CNDR replication (src/analysis/cndrReplication.ts).
 *
 * The bundled PUT index starts on 2007-01-03 (the earlier, sparse values were dropped from the source;
 * see the data provenance), so the eras are the 2007-15 (in-sample) and 2016-today (held out).
 * The row of the target table is met only when every era's annualised return gap is within the bound.
 */
import { z } from 'zod';
import type { MarketHistory } from '../history/types.js';
import { err, ok, type Result } from '../lib/result.js';
import type { MarketDayView } from '../engine/marketView.js';
import type { StrategyConfig } from '../strategy/config.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import {
  CndrReplicationConfigSchema,
  compareCndrReplication,
  type LevelPoint,
  type PeriodComparison,
} from '../analysis/cndrReplication.js';
import { fixed, markdownTable, percent, signedFixed as signed } from '../report/markdownTable.js';
import type { SectionsWithSummary, SummaryRow } from './summary.js';
import { describeReplicationInputError, describeStatisticsError, growthChart, largestDifferencesByEra, monthJson, periodJson, replicaMarket, replicaPlan, runReplica, statisticsCells, statisticsHeaders, type ReplicaContext, type ReplicaNames } from './replicationParts.js';
import type { JsonValue, SvgChart, ReportSection } from '../report/section.js';
import type { TargetResult } from './targets.js';

export const PUT_SECTION_ID = 'put-replication';
/** The bundled history's name for the real PutWrite index. */
const PUT_SERIES = 'put';
/** The preset that replicates the index. */
const PUT_PRESET = 'put';
/** How many of an era's largest monthly differences the report lists. */
const LARGEST_DIFFERENCES_LISTED = 6;
const PUT_NAMES: ReplicaNames = {
  replica: 'put preset (model)',
  index: 'PUT index (real)',
  indexShort: 'PUT',
  growthTitle: 'Growth of 1: put preset vs real PUT',
  growthCaption: 'PUT replica: cumulative growth',
};

const baseShape = CndrReplicationConfigSchema.shape;

/**
 * The CNDR comparison's config with the PUT index's eras: the same statistics, targets and
 * annualisation. No caution months: the bundled PUT file matches Cboe's monthly values wherever they
 * were cross-checked (the provenance's PCRA comparison), unlike the CNDR file's documented offsets.
 */
export const PutReplicationConfigSchema = CndrReplicationConfigSchema.extend({
  periods: baseShape.periods.unwrap().default([
    { id: '2007-2015', label: '2007-15', fromMonth: '2007-01', toMonth: '2015-12', heldOut: false },
    { id: '2016-today', label: '2016-today (held out)', fromMonth: '2016-01', heldOut: true },
  ]),
  cautionMonths: baseShape.cautionMonths.unwrap().default([]),
});
export type PutReplicationConfig = z.infer<typeof PutReplicationConfigSchema>;

export interface PutReplicationSeries {
  readonly replica: readonly LevelPoint[];
  readonly index: readonly LevelPoint[];
}

export interface PutReplicationInputs {
  readonly history: MarketHistory;
  /** The model's market views (the exam's shared market, or one of the provider's own). */
  readonly marketOn: (day: DayNumber) => MarketDayView | undefined;
  /** The `put` preset (or a user's variant of it). */
  readonly strategy: StrategyConfig;
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
  readonly config: PutReplicationConfig;
}

/** Runs the preset through the engine and reads the index over the same days (where it has a close). */
export function putReplicationSeries(inputs: PutReplicationInputs): PutReplicationSeries {
  const { replica, index } = runReplica({ ...inputs, indexSeries: PUT_SERIES });
  return { replica, index };
}

const STATISTICS_HEADERS = [...statisticsHeaders('era', 'PUT'), 'gap target'];

function statisticsRow(p: PeriodComparison): string[] {
  return [...statisticsCells(p.period.label, p.statistics, signed), p.targets?.annualReturnGapMet === true ? 'met' : 'missed'];
}

/** The target table's `put-replica` row: every era's gap, met only when each is within the bound. */
export function putTargetResult(periods: readonly PeriodComparison[]): TargetResult {
  const parts = periods.map((p) => {
    if (!p.statistics.ok) return `${p.period.label}: not compared (${describeStatisticsError(p.statistics.error)})`;
    const s = p.statistics.value;
    return `${p.period.label}: gap ${signed(s.annualReturnGapPercentagePoints, 2)} pts (replica ${percent(s.replica.annualReturnFraction, 2)}, PUT ${percent(s.index.annualReturnFraction, 2)}, correlation ${fixed(s.monthlyReturnCorrelation, 3)})`;
  });
  return { id: 'put-replica', figure: parts.join('; '), met: periods.length > 0 && periods.every((p) => p.targets?.annualReturnGapMet === true) };
}

function summaryRows(periods: readonly PeriodComparison[], config: PutReplicationConfig): SummaryRow[] {
  return periods.flatMap((p): SummaryRow[] => {
    const label = `PUT ${p.period.label}`;
    if (!p.statistics.ok) return [{ section: PUT_SECTION_ID, metric: `${label}: not compared`, value: describeStatisticsError(p.statistics.error) }];
    const s = p.statistics.value;
    return [
      { section: PUT_SECTION_ID, metric: `${label}: monthly-return correlation`, value: fixed(s.monthlyReturnCorrelation, 3) },
      { section: PUT_SECTION_ID, metric: `${label}: annual return replica / PUT`, value: `${percent(s.replica.annualReturnFraction, 2)} / ${percent(s.index.annualReturnFraction, 2)}` },
      {
        section: PUT_SECTION_ID,
        metric: `${label}: annual return gap (pts)`,
        value: fixed(s.annualReturnGapPercentagePoints, 2),
        target: `|gap| <= ${config.targets.maxAnnualReturnGapPercentagePoints}`,
        met: p.targets?.annualReturnGapMet === true,
      },
    ];
  });
}

/** The section, headline figures and target row from already computed series (tests feed constructed series). */
export function putReplicationSectionFromSeries(
  series: PutReplicationSeries,
  span: { readonly fromDay: DayNumber; readonly toDay: DayNumber },
  strategyName: string,
  config: PutReplicationConfig,
): Result<SectionsWithSummary, string> {
  const compared = compareCndrReplication(series.replica, series.index, config);
  if (!compared.ok) return err(`PUT replication: ${describeReplicationInputError(compared.error)}`);
  const { months, periods } = compared.value;
  const target = putTargetResult(periods);
  const spanText = `${isoFromDay(span.fromDay)}..${isoFromDay(span.toDay)}`;
  const markdown = [
    `The \`${strategyName}\` preset (Cboe PutWrite rules: a short at-or-below-the-money SPX put of the next standard monthly expiry, written on the roll date, held to settlement, collateralised by T-bills equal to its strike notional) runs through the backtest engine on the market model over ${spanText}; its daily equity is compared with Cboe's real S&P 500 PutWrite Index (PUT) through month-end returns, as the CNDR replica is. The bundled PUT index starts on 2007-01-03, so the eras before 2007 cannot be compared. Annual returns are geometric; volatilities and the tracking error are sample standard deviations of monthly returns times sqrt(${config.monthsPerYear}).`,
    '',
    markdownTable(STATISTICS_HEADERS, periods.map(statisticsRow)),
    '',
    `Target (issue 12's table): the annual return within ${config.targets.maxAnnualReturnGapPercentagePoints} point of the index in every era; the correlation is reported, not judged. **${target.met ? 'Met' : 'Missed'}**: ${target.figure}.`,
    ...largestDifferencesByEra(periods, { count: LARGEST_DIFFERENCES_LISTED, indexShort: 'PUT', withNotes: false }),
  ].join('\n');
  const json: JsonValue = {
    strategy: strategyName,
    span: { from: isoFromDay(span.fromDay), to: isoFromDay(span.toDay) },
    config: JSON.parse(JSON.stringify(config)) as JsonValue,
    periods: periods.map((p) => ({ ...periodJson(p), annualReturnGapMet: p.targets?.annualReturnGapMet ?? null })),
    months: months.map(monthJson),
  };
  const svgCharts = periods.map((p) => growthChart(p, months, PUT_NAMES)).filter((c): c is SvgChart => c !== undefined);
  const section: ReportSection = { id: PUT_SECTION_ID, title: 'PUT replication: the put preset against the real Cboe PutWrite index', markdown, json, svgCharts };
  return ok({ sections: [section], summary: summaryRows(periods, config), targets: [target] });
}

/**
 * The validate provider: runs the `put` preset from the PUT index's first close in its first era (or
 * the span given) to the end of the data and returns the section and the `put-replica` row.
 */
export function putReplicaSections(config: PutReplicationConfig = PutReplicationConfigSchema.parse({})): (context: ReplicaContext) => Result<SectionsWithSummary, string> {
  return (context) => {
    const firstMonth = config.periods[0]?.fromMonth;
    const plan = replicaPlan(context, { label: 'PUT', indexSeries: PUT_SERIES, preset: PUT_PRESET, ...(firstMonth === undefined ? {} : { fromMonth: firstMonth }) });
    if (!plan.ok) return plan;
    const { strategy, fromDay, toDay } = plan.value;
    const series = putReplicationSeries({ history: context.history, marketOn: replicaMarket(context), strategy, fromDay, toDay, config });
    if (series.replica.length === 0) return err(`PUT replication: the backtest produced no days in ${isoFromDay(fromDay)}..${isoFromDay(toDay)}`);
    return putReplicationSectionFromSeries(series, { fromDay, toDay }, strategy.name, config);
  };
}
