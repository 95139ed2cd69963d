/**
 * A backtest on the constructed market, as the hand-worked engine tests run it: entries on the
 * calendar, condors held to expiry unless the test says otherwise, the day's signals from a function of
 * the day's index in the path. Shared by the engine's rule tests so each file keeps only its trades.
 */
import { parseStrategyConfig, type StrategyConfigInput } from '../../strategy/config.js';
import { dayFromIso, type DayNumber } from '../../time/day.js';
import { runBacktest, StrategyEngine, type BacktestResult, type EngineStateSnapshot } from '../backtest.js';
import type { StrategyConfig } from '../../strategy/config.js';
import type { DecisionRecord, TradeRecord } from '../records.js';
import type { EngineSignals, MarketDayView } from '../marketView.js';
import { ConstructedMarket, quietSignals, type ConstructedPathPoint } from './constructedMarket.js';

/** Monday 2021-01-04: day 0 of the constructed runs. Days 0-4 are Mon-Fri, day 5 the next Monday. */
export const CONSTRUCTED_START = dayFromIso('2021-01-04');

/** Notional caps wide enough that only the rule under test binds. */
export const WIDE_NOTIONAL_CAPS = { confirmedNotionalFractionOfEquity: { min: 0.5, max: 1 }, firstDivergenceNotionalFractionOfEquity: { min: 0.5, max: 1 } };

export interface ConstructedRunOptions {
  /** The constructed market's risk-free rate (decimal); its default otherwise. */
  readonly riskFreeRate?: number;
  /** A day of the path (its index) with no market data: the engine logs a gap. */
  readonly gapIndex?: number;
  /** Changes one day's view (by its index in the path): a listing missing on that day, say. */
  readonly adjustView?: (index: number, view: MarketDayView) => MarketDayView;
}

/** The run's result, and each day's index in the path. */
export type ConstructedRun = BacktestResult & { index: (day: DayNumber) => number };

export function runConstructed(config: StrategyConfigInput, path: readonly ConstructedPathPoint[], signals: (i: number) => Partial<EngineSignals>, options: ConstructedRunOptions = {}): ConstructedRun {
  const market = new ConstructedMarket({ startDay: CONSTRUCTED_START, path, ...(options.riskFreeRate !== undefined ? { riskFreeRate: options.riskFreeRate } : {}) });
  const index = new Map(market.days.map((d, i) => [d, i]));
  const result = runBacktest({
    config: parseStrategyConfig({ entry: { mode: 'calendar' }, management: { mode: 'hold-to-expiry' }, ...config }, 'test'),
    days: market.days,
    marketOn: (d) => {
      const i = index.get(d) as number;
      if (options.gapIndex !== undefined && i === options.gapIndex) return undefined;
      const view = market.marketOn(d);
      return view && options.adjustView ? options.adjustView(i, view) : view;
    },
    signalsOn: (d) => quietSignals(signals(index.get(d) as number)),
  });
  return { ...result, index: (day: DayNumber) => index.get(day) as number };
}

/** One engine stepped over every day, and one saved to JSON and restored before each day. */
export interface StepRestoreRun {
  /** The decisions of the continuous engine and of the restored one, day by day. */
  readonly continuous: DecisionRecord[];
  readonly restored: DecisionRecord[];
  /** The trades each wrote (the restored engine's, each day's new engine's, in order). */
  readonly continuousTrades: TradeRecord[];
  readonly restoredTrades: TradeRecord[];
  /** Each engine's state after the last day. */
  readonly continuousSnapshot: EngineStateSnapshot;
  readonly restoredSnapshot: EngineStateSnapshot;
}

/**
 * The daily signal's path beside the backtest's: a config run over a market's days by one engine, and
 * by an engine saved and restored through JSON before each day, as the signal does with the user's
 * book. A rule whose state is not in the snapshot makes the two differ.
 */
export function runSteppedAndRestored(config: StrategyConfig, market: { readonly days: readonly DayNumber[]; marketOn(day: DayNumber): MarketDayView | undefined }, signals: (i: number) => EngineSignals): StepRestoreRun {
  const continuous = new StrategyEngine(config);
  let restored = new StrategyEngine(config);
  const a: DecisionRecord[] = [];
  const b: DecisionRecord[] = [];
  const restoredTrades: TradeRecord[] = [];
  market.days.forEach((day, i) => {
    const m = market.marketOn(day);
    const next = market.days[i + 1];
    a.push(...continuous.stepDay(day, m, signals(i), next));
    restored = new StrategyEngine(config, JSON.parse(JSON.stringify(restored.snapshot())) as EngineStateSnapshot);
    b.push(...restored.stepDay(day, m, signals(i), next));
    restoredTrades.push(...restored.result().trades);
  });
  return { continuous: a, restored: b, continuousTrades: continuous.result().trades, restoredTrades, continuousSnapshot: continuous.snapshot(), restoredSnapshot: restored.snapshot() };
}
