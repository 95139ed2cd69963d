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

/**
 * Layer 1's VIX-futures fund as a manager may read it (execution holds and books it): its group, what it
 * is worth and its VIX exposure now, and the exposure per USD of it if bought today.
 */
export interface FundView {
  readonly group: string | undefined;
  valueUsd(): number;
  /** USD per VIX point. */
  exposureUsd(m: MarketDayView): number;
  exposurePerUsd(m: MarketDayView): number;
  /** Held while no condor is open, and that was logged. */
  heldWithoutCondorLogged(): boolean;
}

export interface ManagerContext {
  readonly config: StrategyConfig;
  readonly market: MarketDayView;
  readonly signals: EngineSignals;
  readonly portfolio: PortfolioView;
  readonly pricing: Execution;
  /** Layer 1's fund (absent: no fund can be held, as in contexts built without one). */
  readonly fund?: FundView;
}

export const sideSign = (quantity: number): 1 | -1 => (quantity > 0 ? 1 : -1);
