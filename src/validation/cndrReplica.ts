/**
 * The CNDR replication section of `alvh validate`: the `cndr` preset run through the backtest engine on
 * the market model, its month-end returns against Cboe's real S&P 500 Iron Condor Index, per period
 * (in-sample 1990-2015, held-out 2016 to the end of the data).
 */
import type { MarketDayView } from '../engine/marketView.js';
import type { MarketHistory } from '../history/types.js';
import { err, ok, type Result } from '../lib/result.js';
import type { JsonValue, SvgChart, ReportSection } from '../report/section.js';
import type { StrategyConfig } from '../strategy/config.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import {
  compareCndrReplication,
  creditByPeriod,
  creditTargetMet,
  type CondorCredit,
  type CreditByPeriod,
  type CndrReplicationConfig,
  type LevelPoint,
  type PeriodComparison,
} from '../analysis/cndrReplication.js';
import { fixed, markdownTable, percent } from '../report/markdownTable.js';
import type { SectionsWithSummary, SummaryRow } from './summary.js';
import type { TargetId, TargetResult } from './targets.js';
import { describeReplicationInputError, describeStatisticsError, entryCredits, growthChart, largestDifferencesByEra, monthJson, periodJson, runReplica, statisticsCells, statisticsHeaders, statisticsJson, type ReplicaNames } from './replicationParts.js';

export const CNDR_SECTION_ID = 'cndr-replication';
/** The bundled history's name for the real index. */
const CNDR_SERIES = 'cndr';
/** How many of a period's largest monthly differences the report lists. */
const LARGEST_DIFFERENCES_LISTED = 8;
const CNDR_NAMES: ReplicaNames = {
  replica: 'cndr preset (model)',
  index: 'CNDR index (real)',
  indexShort: 'CNDR',
  growthTitle: 'Growth of 1: cndr preset vs real CNDR',
  growthCaption: 'Cumulative growth',
};

export interface CndrReplicationInputs {
  readonly history: MarketHistory;
  /** The `cndr` preset (or a user's variant of it). */
  readonly strategy: StrategyConfig;
  readonly marketOn: (day: DayNumber) => MarketDayView | undefined;
  /** The backtest span; the index is compared over the same days. */
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
  readonly config: CndrReplicationConfig;
}

export interface CndrReplicationSeries {
  readonly replica: readonly LevelPoint[];
  readonly index: readonly LevelPoint[];
  /** The replica's condors with their credit over collateral (empty when the caller has no trades). */
  readonly credits?: readonly CondorCredit[];
}

/** Runs the preset and reads the index over the same span (days where the index has a close). */
export function cndrReplicationSeries(inputs: CndrReplicationInputs): CndrReplicationSeries {
  const run = runReplica({ ...inputs, indexSeries: CNDR_SERIES });
  // The equity is the collateral: credit over equity is credit over collateral.
  const credits: CondorCredit[] = entryCredits(run).map((c) => ({ entryDay: c.entryDay, creditOverCollateralFraction: c.creditOverEquityFraction }));
  return { replica: run.replica, index: run.index, credits };
}

const STATISTICS_HEADERS = statisticsHeaders('period', 'CNDR');

function summaryRows(periods: readonly PeriodComparison[], config: CndrReplicationConfig): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const p of periods) {
    const label = p.period.label;
    if (!p.statistics.ok) {
      rows.push({ section: CNDR_SECTION_ID, metric: `${label}: not compared`, value: describeStatisticsError(p.statistics.error) });
      continue;
    }
    const s = p.statistics.value;
    const targets = p.targets;
    rows.push({
      section: CNDR_SECTION_ID,
      metric: `${label}: monthly-return correlation`,
      value: fixed(s.monthlyReturnCorrelation, 3),
      ...(targets ? { target: `>= ${config.targets.minMonthlyReturnCorrelation}`, met: targets.correlationMet } : {}),
    });
    rows.push({
      section: CNDR_SECTION_ID,
      metric: `${label}: annual return replica / CNDR`,
      value: `${percent(s.replica.annualReturnFraction, 2)} / ${percent(s.index.annualReturnFraction, 2)}`,
    });
    rows.push({
      section: CNDR_SECTION_ID,
      metric: `${label}: annual return gap (pts)`,
      value: fixed(s.annualReturnGapPercentagePoints, 2),
      ...(targets ? { target: `|gap| <= ${config.targets.maxAnnualReturnGapPercentagePoints}`, met: targets.annualReturnGapMet } : {}),
    });
    rows.push({ section: CNDR_SECTION_ID, metric: `${label}: tracking error`, value: percent(s.trackingErrorFraction, 2) });
  }
  return rows;
}

const ERA_TARGET_IDS: Readonly<Record<string, TargetId>> = {
  '1990-1999': 'cndr-replica-1990-1999',
  '2000-2007': 'cndr-replica-2000-2007',
  '2008-2015': 'cndr-replica-2008-2015',
  '2016-today': 'cndr-replica-2016-today',
};

/** The target table's CNDR rows: one per era of the default periods, and the credit row. */
function targetResults(periods: readonly PeriodComparison[], credit: readonly CreditByPeriod[], config: CndrReplicationConfig): TargetResult[] {
  const results: TargetResult[] = [];
  for (const p of periods) {
    const id = ERA_TARGET_IDS[p.period.id];
    if (id === undefined) continue;
    if (!p.statistics.ok) {
      results.push({ id, figure: `not compared: ${describeStatisticsError(p.statistics.error)}`, met: false });
      continue;
    }
    const s = p.statistics.value;
    results.push({
      id,
      figure: `gap ${s.annualReturnGapPercentagePoints >= 0 ? '+' : ''}${fixed(s.annualReturnGapPercentagePoints, 2)} pts (replica ${percent(s.replica.annualReturnFraction, 2)}, CNDR ${percent(s.index.annualReturnFraction, 2)}), correlation ${fixed(s.monthlyReturnCorrelation, 3)}`,
      met: p.targets?.correlationMet === true && p.targets.annualReturnGapMet,
    });
  }
  if (credit.length > 0) {
    results.push({
      id: 'cndr-credit-over-collateral',
      figure: credit
        .map((c) => `${c.period.label}: credit ${percent(c.replicaMedianCreditFraction, 2)}, p${Math.round(100 * config.creditProxyQuantile)} month replica ${percent(c.replicaCreditProxyFraction, 2)} / CNDR ${percent(c.indexCreditProxyFraction, 2)}`)
        .join('; '),
      met: creditTargetMet(credit, config),
    });
  }
  return results;
}

function creditTable(credit: readonly CreditByPeriod[], config: CndrReplicationConfig): string {
  const q = `p${Math.round(100 * config.creditProxyQuantile)}`;
  return markdownTable(
    ['period', 'condors', 'replica median credit / collateral', `replica ${q} monthly return`, `CNDR ${q} monthly return`, 'ratio'],
    credit.map((c) => [
      c.period.label,
      String(c.condorCount),
      percent(c.replicaMedianCreditFraction, 2),
      percent(c.replicaCreditProxyFraction, 2),
      percent(c.indexCreditProxyFraction, 2),
      fixed(c.proxyRatio, 2),
    ]),
  );
}

/** The section and its headline figures from already computed series (the backtest run is separate so tests can feed series). */
export function cndrReplicationSectionFromSeries(
  series: CndrReplicationSeries,
  span: { readonly fromDay: DayNumber; readonly toDay: DayNumber },
  strategyName: string,
  config: CndrReplicationConfig,
): Result<SectionsWithSummary, string> {
  const compared = compareCndrReplication(series.replica, series.index, config);
  if (!compared.ok) return err(`CNDR replication: ${describeReplicationInputError(compared.error)}`);
  const { months, periods } = compared.value;
  const credit = creditByPeriod(compared.value, series.credits ?? [], config);
  const spanText = `${isoFromDay(span.fromDay)}..${isoFromDay(span.toDay)}`;
  const excluded = months.filter((m) => m.excluded !== undefined);
  const markdown = [
    `The \`${strategyName}\` preset runs through the backtest engine on the market model over ${spanText}; its daily equity is compared with Cboe's real S&P 500 Iron Condor Index (CNDR) through month-end returns. A month ends on its last day with both a replica and an index level. Annual returns are geometric (monthly returns compounded over ${config.monthsPerYear} months), volatilities and the tracking error are sample standard deviations of monthly returns (of the difference, for the tracking error) times sqrt(${config.monthsPerYear}).`,
    '',
    '**Caution months excluded** (the headline figures):',
    '',
    markdownTable(STATISTICS_HEADERS, periods.map((p) => statisticsCells(p.period.label, p.statistics, fixed))),
    '',
    '**All comparable months** (caution months included):',
    '',
    markdownTable(STATISTICS_HEADERS, periods.map((p) => statisticsCells(p.period.label, p.statisticsAllMonths, fixed))),
    '',
    `Targets, every era: monthly-return correlation >= ${config.targets.minMonthlyReturnCorrelation}, annual return within ${config.targets.maxAnnualReturnGapPercentagePoints} points of the index.`,
    ...periods
      .filter((p) => p.targets !== undefined)
      .map((p) => `- ${p.period.label}: correlation ${p.targets?.correlationMet === true ? 'met' : 'missed'}, annual return ${p.targets?.annualReturnGapMet === true ? 'met' : 'missed'}.`),
    '',
    `**Credit over collateral.** The replica's credit over its collateral at entry (median of its condors), and, since Cboe does not publish the index's credit, the ${Math.round(100 * config.creditProxyQuantile)}th percentile of each series' monthly returns (caution months left out) as the return of a month in which the condor kept its credit. Target: the replica's percentile within a factor ${config.creditProxyMaxRatio} of the index's in every era, so that it follows the index's era-to-era change.`,
    '',
    creditTable(credit, config),
    '',
    `**Months not compared** (${excluded.length}):`,
    '',
    excluded.length === 0 ? 'none' : markdownTable(['month', 'reason', 'detail'], excluded.map((m) => [m.month, m.excluded?.reason ?? '', m.excluded?.detail ?? ''])),
    ...largestDifferencesByEra(periods, { count: LARGEST_DIFFERENCES_LISTED, indexShort: 'CNDR', withNotes: true }),
  ].join('\n');
  const json: JsonValue = {
    strategy: strategyName,
    span: { from: isoFromDay(span.fromDay), to: isoFromDay(span.toDay) },
    // The comparison's whole config (periods, caution months, targets), so the figures can be reproduced.
    config: JSON.parse(JSON.stringify(config)) as JsonValue,
    periods: periods.map((p) => ({
      ...periodJson(p),
      statisticsAllMonths: statisticsJson(p.statisticsAllMonths),
      targets: p.targets === undefined ? null : { correlationMet: p.targets.correlationMet, annualReturnGapMet: p.targets.annualReturnGapMet },
    })),
    months: months.map(monthJson),
    creditOverCollateral: credit.map((c) => ({
      period: c.period.id,
      condorCount: c.condorCount,
      replicaMedianCreditFraction: c.replicaMedianCreditFraction ?? null,
      replicaCreditProxyFraction: c.replicaCreditProxyFraction ?? null,
      indexCreditProxyFraction: c.indexCreditProxyFraction ?? null,
      proxyRatio: c.proxyRatio ?? null,
    })),
  };
  const svgCharts = periods.map((p) => growthChart(p, months, CNDR_NAMES)).filter((c): c is SvgChart => c !== undefined);
  const section: ReportSection = { id: CNDR_SECTION_ID, title: 'CNDR replication: the cndr preset against the real Cboe iron condor index', markdown, json, svgCharts };
  return ok({ sections: [section], summary: summaryRows(periods, config), targets: targetResults(periods, credit, config) });
}

/** Runs the replication and builds its section. */
export function buildCndrReplicationSection(inputs: CndrReplicationInputs): Result<SectionsWithSummary, string> {
  const series = cndrReplicationSeries(inputs);
  if (series.replica.length === 0) return err(`CNDR replication: the backtest produced no days in ${isoFromDay(inputs.fromDay)}..${isoFromDay(inputs.toDay)}`);
  return cndrReplicationSectionFromSeries(series, { fromDay: inputs.fromDay, toDay: inputs.toDay }, inputs.strategy.name, inputs.config);
}
