/**
 * The sweep's one door into the engine: prepares what every variant of a period shares (the market
 * tape's signal table and calibrated days, the engine signals) and runs batches of strategy configs
 * stepped through the days together (`runBacktests`, without the band classification no stored metric
 * reads), each summarised into the flat metrics a sweep stores and the daily equity curve the
 * overfitting controls need. Pure: the caller supplies the loaded history. When the engine changes,
 * this is the file a sweep has to follow.
 */
import { summariseVariant, type VariantSummary } from '../analysis/variantSummary.js';
import { backtestSpan, BacktestRangeError, type BacktestSpan } from '../engine/backtestJob.js';
import { runBacktests, type BacktestResult } from '../engine/backtest.js';
import type { EngineSignals } from '../engine/marketView.js';
import { engineSignalsFrom } from '../engine/signalView.js';
import type { MarketHistory } from '../history/types.js';
import type { SignalDeps } from '../signals/engine.js';
import { createMarketTape, defaultTapeSettings, marketTapeSettingsHash, type MarketTape, type MarketTapeSettings } from '../tape/marketTape.js';
import { parseStrategyConfig, type StrategyConfig, type StrategyConfigInput, type VixRegimeName } from '../strategy/config.js';
import { runRiskFree } from '../metrics/riskFree.js';
import { dayFromIso, type DayNumber } from '../time/day.js';

/** Every metric a sweep stores per variant, in column order; `null` where a metric is undefined (no volatility, no trades). */
export const METRIC_COLUMNS = [
  'totalReturnFraction',
  'cagrFraction',
  'annualVolatilityFraction',
  'sharpeRatio',
  'sortinoRatio',
  'calmarRatio',
  'maxDrawdownFraction',
  'longestUnderwaterDays',
  'worstMonthReturnFraction',
  'cvar5DailyFraction',
  'endEquityUsd',
  'condorTradeCount',
  'condorWinRate',
  'hedgeLayerTradeCount',
  'condorRolls',
  'condorRollsPerYear',
  'deferredRolls',
  'hedgePremiumPerYearUsd',
  'hedgeNetPnlPerYearUsd',
  'capBindings',
] as const;
export type MetricColumn = (typeof METRIC_COLUMNS)[number];
export type VariantMetrics = Record<MetricColumn, number | null>;

export interface VariantRun {
  readonly metrics: VariantMetrics;
  /** Trading days of the equity curve (the run's days; a ruined variant's curve still covers them). */
  readonly days: Int32Array;
  readonly equityUsd: Float64Array;
}

export interface SweepPeriod {
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
}

const orNull = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : x);

export function flatMetrics(summary: VariantSummary): VariantMetrics {
  const m = summary.metrics;
  return {
    totalReturnFraction: orNull(m.totalReturnFraction),
    cagrFraction: orNull(m.cagrFraction),
    annualVolatilityFraction: orNull(m.annualVolatilityFraction),
    sharpeRatio: orNull(m.sharpeRatio),
    sortinoRatio: orNull(m.sortinoRatio),
    calmarRatio: orNull(m.calmarRatio),
    maxDrawdownFraction: orNull(m.drawdown.maxDrawdownFraction),
    longestUnderwaterDays: orNull(m.drawdown.longestUnderwaterDays),
    worstMonthReturnFraction: orNull(m.worstMonth?.returnFraction),
    cvar5DailyFraction: orNull(m.cvar5DailyFraction),
    endEquityUsd: orNull(m.endEquity),
    condorTradeCount: summary.condorTrades.tradeCount,
    condorWinRate: orNull(summary.condorTrades.winRate),
    hedgeLayerTradeCount: summary.hedgeLayerTrades.tradeCount,
    condorRolls: summary.condorRolls,
    condorRollsPerYear: orNull(summary.condorRollsPerYear),
    deferredRolls: summary.deferredRolls,
    hedgePremiumPerYearUsd: orNull(summary.hedgePremiumPerYearUsd),
    hedgeNetPnlPerYearUsd: orNull(summary.hedgeNetPnlPerYearUsd),
    capBindings: summary.capBindings,
  };
}

export interface VariantRunner {
  /** The days every variant runs over (the same for all, whatever their hedge settings). */
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
  readonly dataVersion: string;
  /** The hash of the market settings (model config, betas, signals) the variants run on. */
  readonly settingsHash: string;
  run(config: StrategyConfig): VariantRun;
  /**
   * Several variants stepped through the days together (each day's market view handed to all of them
   * while it is fresh); each result is the one `run` gives that config alone, in the order of `configs`.
   */
  runBatch(configs: readonly StrategyConfig[]): VariantRun[];
}

/**
 * The days every variant of a sweep period runs over. The end is where the data a hedged variant needs
 * ends, for every variant, so that all share one calendar (an unhedged variant could run longer alone).
 * Refused (BacktestRangeError) when the period holds fewer than two such days.
 */
export function sweepSpan(history: MarketHistory, period: { from: string; to: string }): BacktestSpan {
  const hedged = parseStrategyConfig({ name: 'sweep-calendar', hedge: { enabled: true } } satisfies StrategyConfigInput, 'the sweep calendar');
  return backtestSpan(history, [hedged], dayFromIso(period.from), dayFromIso(period.to));
}

const isTape = (x: MarketTape | MarketTapeSettings): x is MarketTape => 'marketOn' in x;

/**
 * Shared state for the variants of one period (sweepSpan's days), on a market tape (its model config
 * and its calibrated days) or on settings to build one from (by default the default model).
 */
export function prepareVariantRunner(history: MarketHistory, period: { from: string; to: string }, signalDeps: SignalDeps, tapeOrSettings: MarketTape | MarketTapeSettings = defaultTapeSettings()): VariantRunner {
  const { fromDay, toDay } = sweepSpan(history, period);
  if (isTape(tapeOrSettings) && tapeOrSettings.dataVersion !== history.dataVersion) throw new BacktestRangeError('the market tape was built on another data version');
  // Every variant reads the same tape: each day calibrated once (or read from the disk cache), the signals once.
  const market = isTape(tapeOrSettings) ? tapeOrSettings : createMarketTape(history, tapeOrSettings, signalDeps);
  const table = market.signalTable(toDay);
  const engineSignals = new Map<DayNumber, EngineSignals>();
  const days: DayNumber[] = [];
  let previousRegime: VixRegimeName | undefined;
  for (const [i, daily] of table.entries()) {
    const day = history.tradingDays[i] as number;
    const view = engineSignalsFrom(daily, previousRegime);
    previousRegime = view.regime;
    if (day < fromDay) continue;
    engineSignals.set(day, view);
    days.push(day);
  }
  const { riskFreeReturn } = runRiskFree(days, (day) => history.riskFreeRateOn(day));
  // Each batch builds a day's view as it steps through the days and drops it the day after: kept for
  // every day across batches, the views' quote memos doubled a worker's heap (218 MB against 107 MB
  // after 64 full-history variants) and saved no measurable CPU.
  const marketOn = (day: DayNumber) => market.marketOn(day);
  const toRun = (result: BacktestResult): VariantRun => {
    const summary = summariseVariant(result, riskFreeReturn, { windows: false });
    return { metrics: flatMetrics(summary), days: result.curve.days, equityUsd: result.curve.equityUsd };
  };
  // A variant keeps what its metrics read (the trades, the equity curve, the tallies), not the
  // decisions, daily records and ledger a report shows: the same decisions, a third less CPU.
  const runBatch = (configs: readonly StrategyConfig[]): VariantRun[] =>
    runBacktests({ configs, days, marketOn, signalsOn: (day) => engineSignals.get(day) as EngineSignals, recording: 'metrics' }).map(toRun);
  return {
    fromDay,
    toDay,
    dataVersion: history.dataVersion,
    settingsHash: marketTapeSettingsHash(market.settings),
    run: (config) => runBatch([config])[0] as VariantRun,
    runBatch,
  };
}
