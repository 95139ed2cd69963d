/**
 * The PPUT replica of `alvh validate`: the `pput` preset (Cboe's S&P 500 5% Put Protection Index rules:
 * the S&P 500 total return and one long one-month SPX put struck near 95 % of SPX per unit, rolled on
 * each roll date) runs through the backtest engine on the market model and is compared with the bundled
 * real PPUT index per era, with the comparison functions of the CNDR replication.
 *
 * Why it is in the exam: the put it buys is the put wing the condors sell (about 5 % out of the money,
 * one month), and the index goes back to 1986, so it measures the model's price of that wing in eras no
 * bundled option chain covers. Its underlying leg alone (the same total return, no put) runs in the same
 * suite, so each era's gap splits into what the puts cost, net of what they paid, in the model and in
 * the index: with the total return the same on both sides, their ratio is the model's put cost over
 * the index's. It is not a row of issue 12's target table; the CNDR and PUT bounds are shown for scale.
 */
import { z } from 'zod';
import type { MarketDayView } from '../engine/marketView.js';
import type { MarketHistory } from '../history/types.js';
import { err, ok, type Result } from '../lib/result.js';
import { parseStrategyConfig, type StrategyConfig } from '../strategy/config.js';
import { isoFromDay, type DayNumber } from '../time/day.js';
import { CndrReplicationConfigSchema, compareCndrReplication, type LevelPoint, type PeriodComparison } from '../analysis/cndrReplication.js';
import { fixed, markdownTable, percent, signedFixed as signed } from '../report/markdownTable.js';
import type { SectionsWithSummary, SummaryRow } from './summary.js';
import { describeReplicationInputError, describeStatisticsError, entryCredits, growthChart, largestDifferencesByEra, monthJson, periodJson, replicaMarket, replicaPlan, runReplica, statisticsCells, statisticsHeaders, type ReplicaContext, type ReplicaNames } from './replicationParts.js';
import type { JsonValue, SvgChart, ReportSection } from '../report/section.js';

export const PPUT_SECTION_ID = 'pput-replication';
/** The bundled history's name for the real 5% Put Protection index. */
const PPUT_SERIES = 'pput';
/** The preset that replicates the index. */
const PPUT_PRESET = 'pput';
/** How many of an era's largest monthly differences the report lists. */
const LARGEST_DIFFERENCES_LISTED = 6;
const PPUT_NAMES: ReplicaNames = {
  replica: 'pput preset (model)',
  index: 'PPUT index (real)',
  indexShort: 'PPUT',
  growthTitle: 'Growth of 1: pput preset vs real PPUT',
  growthCaption: 'PPUT replica: cumulative growth',
};

/**
 * The CNDR comparison's config and eras (the PPUT file starts in 1986, like CNDR's), without caution
 * months: the bundled PPUT file matches Cboe's monthly values at 426 of 427 month-ends (the provenance's
 * PCRA comparison; the exception, 2017-04, is off by 0.1 %).
 */
export const PputReplicationConfigSchema = CndrReplicationConfigSchema.extend({
  cautionMonths: CndrReplicationConfigSchema.shape.cautionMonths.unwrap().default([]),
});
export type PputReplicationConfig = z.infer<typeof PputReplicationConfigSchema>;

/** One roll's put premium as a share of the portfolio on the day it was bought. */
export interface PremiumPaid {
  readonly day: DayNumber;
  readonly fractionOfEquity: number;
}

export interface PputReplicationSeries {
  /** The preset's daily equity. */
  readonly replica: readonly LevelPoint[];
  /** The premium of each put the replica bought and held to its end (the run's closed trades). */
  readonly premiums: readonly PremiumPaid[];
  /** Its underlying leg alone: the same total return with no put, over the same days. */
  readonly underlyingOnly: readonly LevelPoint[];
  /** The real index on the days of the run on which it has a close. */
  readonly index: readonly LevelPoint[];
}

/**
 * The preset's underlying leg alone: the same total-return holding, bought with all the equity on the
 * first day, no option leg. Named after the preset so that the two runs' results are told apart.
 */
export function underlyingOnlyConfig(strategy: StrategyConfig): StrategyConfig {
  return parseStrategyConfig(
    {
      name: `${strategy.name}-underlying-only`,
      description: `the underlying leg of ${strategy.name} alone (${strategy.underlyingLeg.index}), no option leg`,
      initialEquityUsd: strategy.initialEquityUsd,
      structure: 'custom',
      customLegs: [],
      underlyingLeg: strategy.underlyingLeg,
      hedge: { enabled: false },
      execution: { interestOnCash: strategy.execution.interestOnCash },
    },
    `${strategy.name} (underlying leg alone)`,
  );
}

/** Runs the preset and its underlying leg alone in one suite and reads the index over the same days. */
export function pputReplicationSeries(inputs: {
  readonly history: MarketHistory;
  /** The model's market views (the exam's shared market, or one of the provider's own). */
  readonly marketOn: (day: DayNumber) => MarketDayView | undefined;
  readonly strategy: StrategyConfig;
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
}): PputReplicationSeries {
  const alone = underlyingOnlyConfig(inputs.strategy);
  const run = runReplica({ ...inputs, indexSeries: PPUT_SERIES, alongside: [alone] });
  // A long put is bought for a debit: its premium is the entry credit's opposite.
  const premiums = entryCredits(run).map((c): PremiumPaid => ({ day: c.entryDay, fractionOfEquity: -c.creditOverEquityFraction }));
  return { replica: run.replica, premiums, underlyingOnly: run.alongside.get(alone.name) ?? [], index: run.index };
}

/**
 * One era's put cost: the underlying leg's annual return minus the protected portfolio's, in the model
 * (the replica) and in the index, over the same months. The premium paid less what the puts paid back,
 * as a share of the portfolio a year.
 */
export interface PutCost {
  readonly underlyingAnnualReturnFraction: number;
  readonly modelPutCostPercentagePointsPerYear: number;
  readonly indexPutCostPercentagePointsPerYear: number;
  /** Model over index; undefined when the index's cost is not positive. */
  readonly ratio: number | undefined;
  /**
   * The premium the model's puts cost, percent of the portfolio a year (the mean roll's share times
   * the months in a year); undefined without a roll in the era.
   */
  readonly modelPremiumPercentPerYear: number | undefined;
}

/**
 * The put cost of each era, from the replica's and the underlying leg's comparisons with the index, and
 * the premium the replica paid over the era's rolls.
 */
export function putCosts(withPut: readonly PeriodComparison[], underlyingOnly: readonly PeriodComparison[], premiums: readonly PremiumPaid[], monthsPerYear: number): Map<string, PutCost> {
  const costs = new Map<string, PutCost>();
  withPut.forEach((p, i) => {
    const u = underlyingOnly[i];
    if (u === undefined || !p.statistics.ok || !u.statistics.ok || u.period.id !== p.period.id) return;
    const underlying = u.statistics.value.replica.annualReturnFraction;
    const model = 100 * (underlying - p.statistics.value.replica.annualReturnFraction);
    const index = 100 * (underlying - p.statistics.value.index.annualReturnFraction);
    const { fromMonth, toMonth } = p.period;
    const inEra = premiums.filter((x) => {
      const month = isoFromDay(x.day).slice(0, 7);
      return month >= fromMonth && (toMonth === undefined || month <= toMonth);
    });
    const premium = inEra.length === 0 ? undefined : (100 * monthsPerYear * inEra.reduce((sum, x) => sum + x.fractionOfEquity, 0)) / inEra.length;
    costs.set(p.period.id, { underlyingAnnualReturnFraction: underlying, modelPutCostPercentagePointsPerYear: model, indexPutCostPercentagePointsPerYear: index, ratio: index > 0 ? model / index : undefined, modelPremiumPercentPerYear: premium });
  });
  return costs;
}

const STATISTICS_HEADERS = statisticsHeaders('era', 'PPUT');

const COST_HEADERS = ['era', 'underlying alone (model total return)', 'put cost, model (pts/yr)', 'put cost, PPUT (pts/yr)', 'model / PPUT', 'premium paid, model (% a year)', 'excess cost / premium'];

function costRow(p: PeriodComparison, cost: PutCost | undefined): string[] {
  if (cost === undefined) return [p.period.label, 'not compared', '', '', '', '', ''];
  const premium = cost.modelPremiumPercentPerYear;
  return [
    p.period.label,
    percent(cost.underlyingAnnualReturnFraction, 2),
    fixed(cost.modelPutCostPercentagePointsPerYear, 2),
    fixed(cost.indexPutCostPercentagePointsPerYear, 2),
    cost.ratio === undefined ? 'n/a' : fixed(cost.ratio, 2),
    premium === undefined ? 'n/a' : fixed(premium, 2),
    premium === undefined || !(premium > 0) ? 'n/a' : percent((cost.modelPutCostPercentagePointsPerYear - cost.indexPutCostPercentagePointsPerYear) / premium, 1),
  ];
}

function summaryRows(periods: readonly PeriodComparison[], costs: ReadonlyMap<string, PutCost>, config: PputReplicationConfig): SummaryRow[] {
  return periods.flatMap((p): SummaryRow[] => {
    const label = `PPUT ${p.period.label}`;
    if (!p.statistics.ok) return [{ section: PPUT_SECTION_ID, metric: `${label}: not compared`, value: describeStatisticsError(p.statistics.error) }];
    const s = p.statistics.value;
    const cost = costs.get(p.period.id);
    return [
      { section: PPUT_SECTION_ID, metric: `${label}: monthly-return correlation`, value: fixed(s.monthlyReturnCorrelation, 3), target: `>= ${config.targets.minMonthlyReturnCorrelation} (CNDR's bound, for scale)`, met: p.targets?.correlationMet === true },
      { section: PPUT_SECTION_ID, metric: `${label}: annual return gap (pts)`, value: fixed(s.annualReturnGapPercentagePoints, 2), target: `|gap| <= ${config.targets.maxAnnualReturnGapPercentagePoints} (CNDR's and PUT's bound, for scale)`, met: p.targets?.annualReturnGapMet === true },
      ...(cost === undefined ? [] : [{ section: PPUT_SECTION_ID, metric: `${label}: put cost model / PPUT (pts a year)`, value: `${fixed(cost.modelPutCostPercentagePointsPerYear, 2)} / ${fixed(cost.indexPutCostPercentagePointsPerYear, 2)}` }]),
    ];
  });
}

/** The section and headline figures from already computed series (tests feed constructed series). */
export function pputReplicationSectionFromSeries(
  series: PputReplicationSeries,
  span: { readonly fromDay: DayNumber; readonly toDay: DayNumber },
  strategyName: string,
  config: PputReplicationConfig,
): Result<SectionsWithSummary, string> {
  const compared = compareCndrReplication(series.replica, series.index, config);
  if (!compared.ok) return err(`PPUT replication: ${describeReplicationInputError(compared.error)}`);
  const alone = compareCndrReplication(series.underlyingOnly, series.index, config);
  if (!alone.ok) return err(`PPUT replication (underlying leg alone): ${describeReplicationInputError(alone.error)}`);
  const { months, periods } = compared.value;
  const costs = putCosts(periods, alone.value.periods, series.premiums, config.monthsPerYear);
  const spanText = `${isoFromDay(span.fromDay)}..${isoFromDay(span.toDay)}`;
  const markdown = [
    `The \`${strategyName}\` preset (Cboe's 5% Put Protection rules: the S&P 500 total return, dividends reinvested at the Shiller yield known on the day, and one long SPX put per unit, struck at the listed strike nearest 95 % of SPX at 11:00 ET on the roll date, of the next standard monthly expiry, held to settlement) runs through the backtest engine on the market model over ${spanText}; its daily equity is compared with Cboe's real PPUT index through month-end returns, as the CNDR replica is. The put it buys is the wing the condors sell, and the index reaches back before any bundled chain, so this is the exam of the model's put wing in the eras no quotes cover. It is not a row of the target table; the CNDR and PUT bounds (|gap| <= ${config.targets.maxAnnualReturnGapPercentagePoints}, correlation >= ${config.targets.minMonthlyReturnCorrelation}) are given for scale.`,
    '',
    markdownTable(STATISTICS_HEADERS, periods.map((p) => statisticsCells(p.period.label, p.statistics, signed))),
    '',
    `**What the puts cost.** The preset's underlying leg alone (the same total return, no put) ran on the same days. With the total return common to both, the underlying's annual return minus the protected portfolio's is what the puts cost net of what they paid back, in the model and in the index; their ratio is above 1 where the model's puts cost more than the index paid. The premium is what the model's puts cost when bought (the mean roll's premium over the portfolio, times ${config.monthsPerYear}); where the puts paid back the same in both, the excess cost over it is how much richer the model's premium was.`,
    '',
    markdownTable(COST_HEADERS, periods.map((p) => costRow(p, costs.get(p.period.id)))),
    ...largestDifferencesByEra(periods, { count: LARGEST_DIFFERENCES_LISTED, indexShort: 'PPUT', withNotes: false }),
  ].join('\n');
  const json: JsonValue = {
    strategy: strategyName,
    span: { from: isoFromDay(span.fromDay), to: isoFromDay(span.toDay) },
    config: JSON.parse(JSON.stringify(config)) as JsonValue,
    periods: periods.map((p) => {
      const cost = costs.get(p.period.id);
      return {
        ...periodJson(p),
        putCost:
          cost === undefined
            ? null
            : {
                underlyingAnnualReturnFraction: cost.underlyingAnnualReturnFraction,
                modelPercentagePointsPerYear: cost.modelPutCostPercentagePointsPerYear,
                indexPercentagePointsPerYear: cost.indexPutCostPercentagePointsPerYear,
                modelOverIndex: cost.ratio ?? null,
                modelPremiumPercentPerYear: cost.modelPremiumPercentPerYear ?? null,
              },
      };
    }),
    months: months.map(monthJson),
  };
  const svgCharts = periods.map((p) => growthChart(p, months, PPUT_NAMES)).filter((c): c is SvgChart => c !== undefined);
  const section: ReportSection = { id: PPUT_SECTION_ID, title: 'PPUT replication: the pput preset against the real Cboe 5% Put Protection index', markdown, json, svgCharts };
  return ok({ sections: [section], summary: summaryRows(periods, costs, config) });
}

/**
 * The validate provider: runs the `pput` preset from the first era's first month (or the span given)
 * to the end of the data and returns the section. It measures no row of the target table.
 */
export function pputReplicaSections(config: PputReplicationConfig = PputReplicationConfigSchema.parse({})): (context: ReplicaContext) => Result<SectionsWithSummary, string> {
  return (context) => {
    const plan = replicaPlan(context, { label: 'PPUT', indexSeries: PPUT_SERIES, preset: PPUT_PRESET, ...(config.periods[0] === undefined ? {} : { fromMonth: config.periods[0].fromMonth }) });
    if (!plan.ok) return plan;
    const { strategy, fromDay, toDay } = plan.value;
    const series = pputReplicationSeries({ history: context.history, marketOn: replicaMarket(context), strategy, fromDay, toDay });
    if (series.replica.length === 0) return err(`PPUT replication: the backtest produced no days in ${isoFromDay(fromDay)}..${isoFromDay(toDay)}`);
    return pputReplicationSectionFromSeries(series, { fromDay, toDay }, strategy.name, config);
  };
}
