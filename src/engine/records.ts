/** What a backtest produces, day by day and decision by decision; plain serialisable objects. */
import type { DayNumber } from '../time/day.js';
import type { VixRegimeName } from '../strategy/config.js';

export type DecisionAction =
  | 'enter-condor'
  | 'skip-entry'
  | 'exit-condor'
  | 'roll-condor'
  | 'defer-roll'
  | 'settle'
  | 'add-layer'
  | 'cap-bound'
  | 'rebalance'
  | 'roll-layer'
  | 'cash-layer'
  | 'let-decay'
  | 'hold-layer'
  | 'fill-at-close'
  | 'data-gap';

export interface DecisionRecord {
  readonly day: DayNumber;
  readonly action: DecisionAction;
  /** The rule that fired, by its name in src/strategy/rules. */
  readonly rule: string;
  readonly reason: string;
  readonly group: string | undefined;
  readonly figures: Readonly<Record<string, number | string | boolean>>;
}

export interface DailyRecord {
  readonly day: DayNumber;
  readonly equityUsd: number;
  readonly cashUsd: number;
  /** Cumulative P&L of all condors since the start (fills, fees, settlements and marks), USD. */
  readonly condorPnlUsd: number;
  /** Cumulative P&L of all hedge layers since the start, USD. */
  readonly hedgePnlUsd: number;
  /** Cumulative interest on cash, USD. */
  readonly interestUsd: number;
  readonly condorValueUsd: number;
  readonly hedgeValueUsd: number;
  /**
   * The hedge's VIX notional at the close, USD: over its VIX legs, contracts x multiplier x spot VIX,
   * positive for legs long VIX (long calls, short puts, long futures) and negative for legs short it.
   * METHODOLOGY's claim 2 measures the hedge against "an equal-notional VIX position": spot VIX of this
   * notional gains notional x (VIX return).
   */
  readonly hedgeVixNotionalUsd: number;
  readonly spxClose: number;
  readonly vixClose: number;
  readonly regime: VixRegimeName;
  readonly openCondors: number;
  readonly hedgeLayers: number;
  /** USD per SPX index point (SPX legs). */
  readonly spxDeltaUsdPerPoint: number;
  /** USD per SPX index point, per point (SPX legs). */
  readonly spxGammaUsdPerPoint2: number;
  /** USD per vol point of SPX implied vol (SPX legs). */
  readonly spxVegaUsdPerVolPoint: number;
  /** USD per calendar day, all legs. */
  readonly thetaUsdPerDay: number;
  /** USD per 1-point move of spot VIX. */
  readonly condorVixExposureUsd: number;
  readonly hedgeVixExposureUsd: number;
  readonly hedgeRatio: number | undefined;
  readonly buyingPowerUsedUsd: number;
}

export interface TradeRecord {
  readonly group: string;
  readonly kind: 'condor' | 'hedge-layer';
  readonly layer: number | undefined;
  readonly entryDay: DayNumber;
  readonly exitDay: DayNumber;
  readonly contracts: number;
  /** Condors: net credit per unit at entry, index points. Hedge layers: premium per unit paid. */
  readonly entryPricePoints: number;
  readonly pnlUsd: number;
  readonly exitRule: string;
  readonly legs: string;
  /** A group that ended at expiry: what its last leg settled against (`open`, `estimated: <reason>`, `close`). */
  readonly settlement?: string;
}
