/**
 * The in-memory model of market history that the pure core reads. Adapters (src/data) build it from
 * files; the core (market model, signals, engine) only ever sees these types, never a file or a store.
 *
 * A missing value is `undefined`, never 0 or NaN: a signal that needs a series that is absent on a day
 * reports itself unavailable instead of computing on a placeholder.
 */
import type { DayNumber } from '../time/day.js';

/** Daily index series bundled with alvh or imported by a user. */
export type IndexSeriesName =
  | 'spx'
  | 'vix'
  | 'vix9d'
  | 'vix3m'
  | 'vix6m'
  | 'vvix'
  | 'skew'
  | 'cndr'
  | 'put'
  | 'pput';

/** Every series a day can have or lack (for the per-day "missing" view and data status). */
export type SeriesName =
  | IndexSeriesName
  | 'vxFutures'
  | 'riskFreeRate'
  | 'dividendYield'
  | 'breadth'
  | 'events';

/** One day of an index, in index points. Close-only series have open = high = low = close. */
export interface DailyBar {
  readonly day: DayNumber;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Shares; only SPX has volume. Undefined when the source has none (not 0). */
  readonly volume?: number;
}

/** A read-only daily series, sorted by day, no duplicates. Column arrays for fast scans. */
export interface DailySeries {
  readonly name: SeriesName;
  readonly days: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** Present only for series with a volume (SPX). */
  readonly volume?: Float64Array;
  readonly length: number;
}

/** One VIX futures contract's settlement on one day (VIX points; multiplier 1000 USD per point). */
export interface VxFuturesSettlement {
  readonly day: DayNumber;
  /** e.g. `VXG18`. */
  readonly contract: string;
  /** Final settlement day of the contract. */
  readonly expiryDay: DayNumber;
  readonly settle: number;
  readonly volume: number;
  readonly openInterest: number;
}

/** A point of the VIX futures curve on a day: a listed contract with its calendar days to expiry. */
export interface TermStructurePoint {
  readonly contract: string;
  readonly expiryDay: DayNumber;
  readonly dteDays: number;
  readonly settle: number;
}

export type EventKind = 'fomc' | 'cpi' | 'ppi' | 'nfp';

export interface MarketEvent {
  readonly day: DayNumber;
  readonly kind: EventKind;
  /**
   * False for unscheduled (intermeeting) FOMC moves. Such an event is not known before its `day`:
   * consumers must not look ahead at it (only scheduled events are published in advance).
   */
  readonly scheduled: boolean;
  readonly label: string;
}

/** NYSE advancing and declining issues on a day (user-imported; not bundled). */
export interface BreadthRecord {
  readonly day: DayNumber;
  readonly advancing: number;
  readonly declining: number;
}

export interface MarketHistory {
  /** SPX trading days, ascending: the master axis of every backtest and signal. */
  readonly tradingDays: Int32Array;
  /** A daily index series, or undefined when it is not loaded at all. */
  series(name: IndexSeriesName): DailySeries | undefined;
  /** The bar of `name` on exactly `day`, or undefined. */
  barOn(name: IndexSeriesName, day: DayNumber): DailyBar | undefined;
  /** Close of `name` on exactly `day`, or undefined. */
  closeOn(name: IndexSeriesName, day: DayNumber): number | undefined;
  /** All VIX futures settlements on `day`, nearest expiry first (contracts expiring that day included). */
  vxFuturesOn(day: DayNumber): readonly VxFuturesSettlement[];
  /** The futures curve on `day`: contracts with dteDays >= 0, nearest first. */
  termStructureOn(day: DayNumber): readonly TermStructurePoint[];
  /**
   * Constant-maturity VIX future (VIX points) for `targetDteDays` on `day`, interpolated linearly in
   * days to expiry between the listed contracts that bracket it; undefined when none bracket it.
   */
  constantMaturityFutureOn(day: DayNumber, targetDteDays: number): number | undefined;
  /** Risk-free rate known on `day`: 3-month T-bill as a continuously compounded decimal (0.05). */
  riskFreeRateOn(day: DayNumber): number | undefined;
  /** S&P 500 dividend yield known on `day`, continuous decimal (0.018). */
  dividendYieldOn(day: DayNumber): number | undefined;
  /** Events in [fromDay, toDay], ascending. */
  eventsBetween(fromDay: DayNumber, toDay: DayNumber): readonly MarketEvent[];
  /** NYSE breadth on `day`, when a user imported it. */
  breadthOn(day: DayNumber): BreadthRecord | undefined;
  /** The series that have no value on a trading day (never silently zero). */
  missingSeriesOn(day: DayNumber): readonly SeriesName[];
  /** A version string of the data (content hash), recorded with every result for reproducibility. */
  readonly dataVersion: string;
}
