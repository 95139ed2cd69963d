/**
 * Runs several strategy variants over the same history: the signals are computed once (warmed up from
 * the first day of the history, so they do not depend on the run's start), the market views are built
 * once per day and shared, and each variant runs through the same engine. The variants are independent:
 * stepping them day by day together gives each the result it has alone.
 */
import type { MarketHistory } from '../history/types.js';
import { computeSignalTable, type SignalDeps } from '../signals/engine.js';
import type { SignalConfig } from '../signals/config.js';
import type { DailySignals } from '../signals/dailySignals.js';
import type { StrategyConfig, VixRegimeName } from '../strategy/config.js';
import type { DayNumber } from '../time/day.js';
import { runBacktest, runBacktests, type BacktestInputs, type BacktestResult } from './backtest.js';
import type { EngineSignals, MarketDayView } from './marketView.js';
import { engineRegimeFrom, engineSignalsFrom } from './signalView.js';

export interface SuiteInputs {
  readonly history: MarketHistory;
  readonly configs: readonly StrategyConfig[];
  readonly fromDay: DayNumber;
  readonly toDay: DayNumber;
  readonly signalConfig: SignalConfig;
  readonly signalDeps: SignalDeps;
  /** The market view of a day (undefined when the model cannot be built from that day's data). */
  readonly marketOn: (day: DayNumber) => MarketDayView | undefined;
  readonly onProgress?: (variant: string, doneDays: number, totalDays: number) => void;
  /**
   * The signal table from the history's first trading day through at least toDay (a market tape's),
   * index-aligned with history.tradingDays; computed here when absent.
   */
  readonly signalTable?: readonly DailySignals[];
  /** Runs one variant over the days; runBacktest when absent (the chain market refuses a day's trades through its own). */
  readonly runVariant?: (inputs: BacktestInputs) => BacktestResult;
  /**
   * `day-major` (the default without runVariant): the variants step through the days together, each
   * day's view asked for once and dropped after the next day. `variant-major`: one variant after the
   * other over all the days, each day's view kept for the next variant; for a market that only moves
   * forward and counts each pass (the chain markets), and always with runVariant.
   */
  readonly order?: 'day-major' | 'variant-major';
}

export interface SuiteResult {
  readonly days: readonly DayNumber[];
  readonly signals: ReadonlyMap<DayNumber, DailySignals>;
  readonly results: ReadonlyMap<string, BacktestResult>;
}

export function runSuite(inputs: SuiteInputs): SuiteResult {
  const { history, fromDay, toDay } = inputs;
  const table = inputs.signalTable ?? computeSignalTable(history, history.tradingDays[0] as number, toDay, inputs.signalConfig, inputs.signalDeps);
  const signals = new Map<DayNumber, DailySignals>();
  const engineSignals = new Map<DayNumber, EngineSignals>();
  let previousRegime: VixRegimeName | undefined;
  const days: DayNumber[] = [];
  for (const [i, daily] of table.entries()) {
    const day = history.tradingDays[i] as number;
    if (day > toDay) break;
    // The days before the run (signals warm up from the history's first day) only carry their regime on.
    if (day < fromDay) {
      previousRegime = engineRegimeFrom(daily, previousRegime);
      continue;
    }
    const view = engineSignalsFrom(daily, previousRegime);
    previousRegime = view.regime;
    signals.set(day, daily);
    engineSignals.set(day, view);
    days.push(day);
  }
  const signalsOn = (day: DayNumber) => engineSignals.get(day) as EngineSignals;
  const results = new Map<string, BacktestResult>();
  if (inputs.runVariant === undefined && inputs.order !== 'variant-major') {
    const onProgress = inputs.onProgress;
    const all = runBacktests({ configs: inputs.configs, days, marketOn: inputs.marketOn, signalsOn, ...(onProgress ? { onProgress } : {}) });
    for (const result of all) results.set(result.config.name, result);
    return { days, signals, results };
  }
  const views = new Map<DayNumber, MarketDayView | undefined>();
  const marketOn = (day: DayNumber) => {
    if (!views.has(day)) views.set(day, inputs.marketOn(day));
    return views.get(day);
  };
  const runVariant = inputs.runVariant ?? runBacktest;
  for (const config of inputs.configs) {
    const result = runVariant({
      config,
      days,
      marketOn,
      signalsOn,
      ...(inputs.onProgress ? { onProgress: (done: number, total: number) => inputs.onProgress?.(config.name, done, total) } : {}),
    });
    results.set(config.name, result);
  }
  return { days, signals, results };
}
