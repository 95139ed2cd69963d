/**
 * What a manager sees when it decides: the strategy config, the day's market view and signals, the
 * portfolio read-only, and the execution's price model (quotes, fill prices, fees) to estimate what an
 * order would cost. Decisions are made at the day's close with nothing known after it.
 */
import type { StrategyConfig } from './config.js';
import type { EngineSignals, MarketDayView } from '../engine/marketView.js';
import type { IndexHolding, OptionPosition } from '../engine/portfolio/book.js';
import type { Execution } from '../engine/execution/execution.js';

/** The portfolio as a manager may read it: it never changes it. */
export interface PortfolioView {
  readonly positions: ReadonlyMap<string, OptionPosition>;
  readonly indexHoldings: ReadonlyMap<string, IndexHolding>;
  equityUsd(): number;
  positionsValueUsd(filter?: (p: OptionPosition) => boolean): number;
}

export interface ManagerContext {
  readonly config: StrategyConfig;
  readonly market: MarketDayView;
  readonly signals: EngineSignals;
  readonly portfolio: PortfolioView;
  readonly pricing: Execution;
}

export const sideSign = (quantity: number): 1 | -1 => (quantity > 0 ? 1 : -1);
