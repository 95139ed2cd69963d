/**
 * Execution: what a trade fills at and what it costs. Fills are the model mid plus a configured share
 * of the modelled half-spread against the trader; fees are per contract by instrument; an expiring
 * position settles against the opening settlement value (AM, VIX) or the close (PM) of its underlying.
 * The opening value is the bundled open where the market model's settlement rule accepts it as a print,
 * else that rule's estimate, flagged with its reason (src/market/settlement). Pure: no state, no I/O.
 */
import type { StrategyConfig } from '../../strategy/config.js';
import type { InstrumentType, OptionPosition } from '../book.js';
import type { MarketDayView, ModelOptionQuote } from '../marketView.js';
import { DEFAULT_SETTLEMENT_CONFIG, settlementPrice as settlementFromBar, type DailyBar, type SettlementConfig, type SettlementReason } from '../../market/settlement/index.js';
import { isoFromDay } from '../../time/day.js';

export class Execution {
  constructor(private readonly config: StrategyConfig) {}

  /** The model quote of a position's instrument on a day (a future's "quote" is its settlement). */
  quote(m: MarketDayView, p: Pick<OptionPosition, 'underlying' | 'type' | 'strike' | 'expiryDay'>): ModelOptionQuote {
    if (p.type === 'future') {
      return { mid: m.vixFuturePrice(p.expiryDay), halfSpread: this.config.execution.vixFutureHalfSpreadPoints, impliedVol: 0, delta: 1, gamma: 0, vegaPerVolPoint: 0, thetaPerDay: 0 };
    }
    return p.underlying === 'SPX' ? m.priceSpxOption(p.type, p.strike, p.expiryDay) : m.priceVixOption(p.type, p.strike, p.expiryDay);
  }

  /** Fill price for a trade of `signedQuantity` (positive buys): mid plus the configured share of the half-spread. */
  fillPrice(q: ModelOptionQuote, signedQuantity: number): number {
    const slip = this.config.execution.fillShareOfHalfSpread * q.halfSpread;
    return Math.max(signedQuantity > 0 ? q.mid + slip : q.mid - slip, 0);
  }

  feePerContractUsd(underlying: 'SPX' | 'VIX', type: InstrumentType): number {
    const e = this.config.execution;
    if (type === 'future') return e.vixFutureFeePerContractUsd;
    return underlying === 'SPX' ? e.spxOptionFeePerContractUsd : e.vixOptionFeePerContractUsd;
  }
}

export interface SettlementPrice {
  /** Settlement value of the underlying, index points. */
  readonly value: number;
  /** What the value is, as the ledger prints it. */
  readonly source: string;
  /** The value is not a clean opening print: an estimate, or a bundled open known to repeat the previous close. */
  readonly flagged: boolean;
  /** `open`: the bundled open; `estimated`: the settlement rule's estimate; `close`: a PM settlement. */
  readonly basis: 'open' | 'estimated' | 'close';
  /** Why: the settlement rule's reason, `pm-close`, or `no-day-range` when the market gives no high and low to judge the open by. */
  readonly reason: SettlementReason | 'pm-close' | 'no-day-range';
}

export class SettlementDataError extends Error {
  override name = 'SettlementDataError';
}

type Underlying = 'SPX' | 'VIX';

/** The day's bar of an underlying and its previous close, when the view carries its high and low. */
function barOf(m: MarketDayView, underlying: Underlying): { bar: DailyBar; previousClose: number | undefined } | undefined {
  const spx = underlying === 'SPX';
  const high = spx ? m.spxHigh : m.vixHigh;
  const low = spx ? m.spxLow : m.vixLow;
  if (high === undefined || low === undefined) return undefined;
  return {
    bar: { open: spx ? m.spxOpen : m.vixOpen, high, low, close: spx ? m.spxClose : m.vixClose },
    previousClose: spx ? m.spxPreviousClose : m.vixPreviousClose,
  };
}

const REASON_TEXT: Record<SettlementReason, string> = {
  'open-is-a-print': 'the bundled open, a print inside the day\'s range',
  'open-equals-previous-close': 'ESTIMATED: the bundled open repeats the previous close, so the previous close clamped into the day\'s range stands in',
  'open-outside-range': 'ESTIMATED: the bundled open lies outside the day\'s high-low range, so the previous close clamped into the range stands in',
  'no-previous-close': 'ESTIMATED: the bundled open lies outside the day\'s range and no previous close is known, so the nearest end of the range stands in',
};

/**
 * The opening settlement value of `underlying` on day `m` (SPX AM: the special opening quotation; VIX:
 * the VIX special opening quotation). `estimate` judges the bundled open by the market model's
 * settlement rule (src/market/settlement); `bundled-open` takes it as it is.
 */
export function openingSettlement(m: MarketDayView, underlying: Underlying, mode: 'estimate' | 'bundled-open', config: SettlementConfig = DEFAULT_SETTLEMENT_CONFIG): SettlementPrice {
  const what = underlying === 'SPX' ? 'SPX special opening quotation' : 'VIX special opening quotation';
  const known = mode === 'estimate' ? barOf(m, underlying) : undefined;
  if (known === undefined) {
    const open = underlying === 'SPX' ? m.spxOpen : m.vixOpen;
    const stale = (underlying === 'SPX' ? m.spxOpenIsPreviousClose : m.vixOpenIsPreviousClose) === true;
    const why = mode === 'estimate' ? '; the day\'s range is not known, the open is not judged' : '';
    return {
      value: open,
      source: `${underlying} open (approximates the ${what})${why}${stale ? '; FLAGGED: the open equals the previous close' : ''}`,
      flagged: stale,
      basis: 'open',
      reason: mode === 'estimate' ? 'no-day-range' : stale ? 'open-equals-previous-close' : 'open-is-a-print',
    };
  }
  const settled = settlementFromBar(known.bar, known.previousClose, config);
  if (!settled.ok) {
    const e = settled.error;
    throw new SettlementDataError(`${isoFromDay(m.day)}: the ${underlying} bar cannot settle an expiry: ${e.field} is ${e.value}`);
  }
  const v = settled.value;
  const estimated = v.source === 'estimated';
  return {
    value: v.pricePoints,
    source: `${what}: ${REASON_TEXT[v.reason]}${estimated ? ` (open ${known.bar.open.toFixed(2)}, range ${known.bar.low.toFixed(2)}-${known.bar.high.toFixed(2)}, previous close ${known.previousClose?.toFixed(2) ?? 'unknown'}); FLAGGED` : ''}`,
    flagged: estimated,
    basis: estimated ? 'estimated' : 'open',
    reason: v.reason,
  };
}

/** The ledger's short label of a settlement: `open`, `close`, or `estimated: <reason>` (`open (range unknown)` when the open was not judged). */
export function settlementLabel(price: SettlementPrice): string {
  if (price.basis === 'estimated') return `estimated: ${price.reason}`;
  if (price.reason === 'no-day-range') return 'open (range unknown)';
  return price.basis === 'open' && price.flagged ? 'open (flagged: equals the previous close)' : price.basis;
}

/** What an expiring position settles against on day `m`. */
export function settlementPrice(m: MarketDayView, p: Pick<OptionPosition, 'underlying' | 'settlement'>, mode: 'estimate' | 'bundled-open' = 'estimate'): SettlementPrice {
  if (p.underlying === 'VIX' || p.settlement === 'AM') return openingSettlement(m, p.underlying, mode);
  return { value: m.spxClose, source: 'SPX close (PM settlement)', flagged: false, basis: 'close', reason: 'pm-close' };
}

/**
 * The model quote of a position's instrument at the open of day `next` (for `fillTiming: next-open`).
 * The market model is built from closes (the surface and the futures curve are end-of-day), so the open
 * (the opening value the settlement rule accepts or estimates, as for settlements) is reached from `next`'s close by a second-order step in the option's own underlying, vols held:
 * SPX options move with spot by delta and gamma over (SPX open - SPX close); a VIX future and the VIX
 * options on it move with the future, whose move is its beta to spot VIX x (VIX open - VIX close).
 * An instrument expiring on `next` (or before) is worth its intrinsic value against the opening
 * settlement value (`openingSettlement`), the price it settles against.
 */
export function quoteAtNextOpen(
  next: MarketDayView,
  p: Pick<OptionPosition, 'underlying' | 'type' | 'strike' | 'expiryDay'>,
  futureHalfSpreadPoints: number,
  settlementMode: 'estimate' | 'bundled-open' = 'estimate',
): ModelOptionQuote {
  if (p.expiryDay <= next.day) {
    const underlyingOpen = openingSettlement(next, p.underlying, settlementMode).value;
    const intrinsic = p.type === 'future' ? underlyingOpen : Math.max(p.type === 'call' ? underlyingOpen - p.strike : p.strike - underlyingOpen, 0);
    return { mid: intrinsic, halfSpread: 0, impliedVol: 0, delta: 0, gamma: 0, vegaPerVolPoint: 0, thetaPerDay: 0 };
  }
  if (p.underlying === 'VIX') {
    const futureMovePoints = next.vixFutureBetaToVix(p.expiryDay - next.day) * (openingSettlement(next, 'VIX', settlementMode).value - next.vixClose);
    if (p.type === 'future') {
      return { mid: next.vixFuturePrice(p.expiryDay) + futureMovePoints, halfSpread: futureHalfSpreadPoints, impliedVol: 0, delta: 1, gamma: 0, vegaPerVolPoint: 0, thetaPerDay: 0 };
    }
    return shiftQuote(next.priceVixOption(p.type, p.strike, p.expiryDay), futureMovePoints);
  }
  if (p.type === 'future') throw new Error(`an SPX future is not an instrument of the engine (${p.strike} ${p.expiryDay})`);
  return shiftQuote(next.priceSpxOption(p.type, p.strike, p.expiryDay), openingSettlement(next, 'SPX', settlementMode).value - next.spxClose);
}

/** A quote moved by `underlyingMovePoints` of its underlying: mid + delta dS + gamma dS^2 / 2, delta + gamma dS; never below 0. */
export function shiftQuote(q: ModelOptionQuote, underlyingMovePoints: number): ModelOptionQuote {
  const d = underlyingMovePoints;
  return { ...q, mid: Math.max(q.mid + q.delta * d + 0.5 * q.gamma * d * d, 0), delta: q.delta + q.gamma * d };
}
