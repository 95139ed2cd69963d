/**
 * What the engine needs to know about one trading day, at that day's close (and, for settlements, that
 * day's open). The real implementation wraps the market model and the history; tests build small
 * constructed markets with it. Keeping the engine behind this view is what makes each rule testable on
 * a market where the right answer is known.
 */
import type { DayNumber } from '../time/day.js';
import type { OptionType } from '../pricing/black76.js';
import type { VixRegimeName } from '../strategy/config.js';

export type Settlement = 'AM' | 'PM';

/** An option quote from the model: mid and half-spread in index points, Greeks per contract unit (x1). */
export interface ModelOptionQuote {
  readonly mid: number;
  readonly halfSpread: number;
  readonly impliedVol: number;
  /** Delta to the option's own underlying (spot SPX for SPX options, the VIX future for VIX options). */
  readonly delta: number;
  readonly gamma: number;
  readonly vegaPerVolPoint: number;
  readonly thetaPerDay: number;
}

export interface ListedExpiry {
  readonly day: DayNumber;
  readonly settlement: Settlement;
  readonly standardMonthly: boolean;
}

export interface VixTenor {
  /** The VIX futures/options expiry of this tenor. */
  readonly expiryDay: DayNumber;
  /** The settlement of the future of that expiry, VIX points. */
  readonly futurePrice: number;
}

export interface MarketDayView {
  readonly day: DayNumber;
  readonly spxOpen: number;
  readonly spxClose: number;
  readonly vixOpen: number;
  readonly vixClose: number;
  /** The SPX (VIX) open equals the previous trading day's close: a settlement on it is flagged as a stand-in. */
  readonly spxOpenIsPreviousClose?: boolean;
  readonly vixOpenIsPreviousClose?: boolean;
  /**
   * The day's SPX (VIX) high and low and the previous trading day's close, index points: what the
   * settlement rule needs to judge an open and an intraday fill needs to stay inside the day's range.
   * Known at the day's close, when the engine acts. Absent where a market does not know them: the
   * settlement then uses the open as it is.
   */
  readonly spxHigh?: number;
  readonly spxLow?: number;
  readonly spxPreviousClose?: number;
  readonly vixHigh?: number;
  readonly vixLow?: number;
  readonly vixPreviousClose?: number;
  /** Continuously compounded decimal. */
  readonly riskFreeRate: number;
  /** S&P 500 dividend yield known on the day, continuous decimal (for a total-return underlying leg). */
  readonly dividendYield: number;
  /** Today is a VIX futures/options expiration day (its contract settles at today's opening quotation). */
  readonly vixExpiresToday: boolean;
  /** SPX expiries listed on this day with at least one day to run, nearest first. */
  listedSpxExpiries(): readonly ListedExpiry[];
  /** VIX futures/options expiries by tenor (M1 = nearest with at least one day to run). */
  vixTenors(): readonly VixTenor[];
  priceSpxOption(type: OptionType, strike: number, expiryDay: DayNumber): ModelOptionQuote;
  /** The listed SPX strike whose model delta is nearest `absDelta` (0.16 for a 16-delta put or call). */
  spxStrikeForDelta(type: OptionType, absDelta: number, expiryDay: DayNumber): number;
  /** Nearest listed SPX strike to a price (for strikes given in points or moneyness). */
  snapSpxStrike(strike: number): number;
  priceVixOption(type: OptionType, strike: number, expiryDay: DayNumber): ModelOptionQuote;
  vixStrikeForDelta(type: OptionType, absDelta: number, expiryDay: DayNumber): number;
  /** VIX future for an expiry (interpolated between listed contracts when needed), VIX points. */
  vixFuturePrice(expiryDay: DayNumber): number;
  /** Vol points of SPX implied vol per 1-point move of spot VIX at `dteDays` (the term-structure beta). */
  spxVolBetaToVix(dteDays: number): number;
  /** VIX-future points per 1-point move of spot VIX at `dteDays`. */
  vixFutureBetaToVix(dteDays: number): number;
  /** Spot VIX change (points) historically associated with an SPX return of `spxReturnFraction`. */
  vixChangeForSpxReturn(spxReturnFraction: number): number;
  /**
   * Model mid of a VIX option after spot VIX moves by `spotVixChange` points and `horizonDays` calendar
   * days pass: its future moves by that future's beta, the option is repriced off the new future.
   */
  repriceVixOption(type: OptionType, strike: number, expiryDay: DayNumber, spotVixChange: number, horizonDays: number): number;
}

/** The signals the engine's rules read on a day (a view over the signal engine's output). */
export interface EngineSignals {
  readonly regime: VixRegimeName;
  /** The RSAi entry trigger fired today, with its reason. */
  readonly entryTrigger: boolean;
  readonly entryReason: string;
  /** A new bearish divergence (any oscillator) became known today. */
  readonly bearishDivergence: boolean;
  /** Confirmation triggers for the second layer that fired today. */
  readonly confirmations: readonly string[];
  /** Term structure VIX/VIX3M >= 1, or futures M2 < M1 (undefined when neither is known). */
  readonly termStructureInverted: boolean | undefined;
  /** A regime change signalled today (VIX RSI divergence or term-structure inversion) for roll decisions. */
  readonly regimeChangeSignals: readonly string[];
  readonly reliefRally: boolean;
  readonly resolution: boolean;
  /** Trading days to the next FOMC / CPI / PPI release (scheduled ones only), when known. */
  readonly tradingDaysToNextEvent: number | undefined;
  readonly nextEventLabel: string | undefined;
  /** Trading days to the next FOMC decision, for the pre-FOMC window. */
  readonly tradingDaysToNextFomc: number | undefined;
}
