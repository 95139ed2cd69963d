/**
 * Execution: what a trade fills at and what it costs. Fills are the model mid plus a configured share
 * of the modelled half-spread against the trader; fees are per contract by instrument; an expiring
 * position settles against the open (AM, VIX) or the close (PM) of its underlying, flagged when the
 * bundled open is only a copy of the previous close. Pure: no state, no I/O.
 */
import type { StrategyConfig } from '../../strategy/config.js';
import type { InstrumentType, OptionPosition } from '../book.js';
import type { MarketDayView, ModelOptionQuote } from '../marketView.js';

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
  readonly source: string;
  /** The value is the bundled open and that open equals the previous close (no real opening print). */
  readonly flagged: boolean;
}

/** What an expiring position settles against on day `m`. */
export function settlementPrice(m: MarketDayView, p: Pick<OptionPosition, 'underlying' | 'settlement'>): SettlementPrice {
  if (p.underlying === 'VIX') {
    const flagged = m.vixOpenIsPreviousClose === true;
    return { value: m.vixOpen, source: `VIX open (approximates the VIX special opening quotation)${flagged ? '; FLAGGED: the open equals the previous close' : ''}`, flagged };
  }
  if (p.settlement === 'AM') {
    const flagged = m.spxOpenIsPreviousClose === true;
    return { value: m.spxOpen, source: `SPX open (approximates the special opening quotation)${flagged ? '; FLAGGED: the open equals the previous close' : ''}`, flagged };
  }
  return { value: m.spxClose, source: 'SPX close (PM settlement)', flagged: false };
}

/**
 * The model quote of a position's instrument at the open of day `next` (for `fillTiming: next-open`).
 * The market model is built from closes (the surface and the futures curve are end-of-day), so the open
 * is reached from `next`'s close by a second-order step in the option's own underlying, vols held:
 * SPX options move with spot by delta and gamma over (SPX open - SPX close); a VIX future and the VIX
 * options on it move with the future, whose move is its beta to spot VIX x (VIX open - VIX close).
 * An instrument expiring on `next` (or before) is worth its intrinsic value against the open, the price
 * it settles against (half-spread kept from the model where one exists).
 */
export function quoteAtNextOpen(next: MarketDayView, p: Pick<OptionPosition, 'underlying' | 'type' | 'strike' | 'expiryDay'>, futureHalfSpreadPoints: number): ModelOptionQuote {
  if (p.expiryDay <= next.day) {
    const underlyingOpen = p.underlying === 'SPX' ? next.spxOpen : next.vixOpen;
    const intrinsic = p.type === 'future' ? underlyingOpen : Math.max(p.type === 'call' ? underlyingOpen - p.strike : p.strike - underlyingOpen, 0);
    return { mid: intrinsic, halfSpread: 0, impliedVol: 0, delta: 0, gamma: 0, vegaPerVolPoint: 0, thetaPerDay: 0 };
  }
  if (p.underlying === 'VIX') {
    const futureMovePoints = next.vixFutureBetaToVix(p.expiryDay - next.day) * (next.vixOpen - next.vixClose);
    if (p.type === 'future') {
      return { mid: next.vixFuturePrice(p.expiryDay) + futureMovePoints, halfSpread: futureHalfSpreadPoints, impliedVol: 0, delta: 1, gamma: 0, vegaPerVolPoint: 0, thetaPerDay: 0 };
    }
    return shiftQuote(next.priceVixOption(p.type, p.strike, p.expiryDay), futureMovePoints);
  }
  if (p.type === 'future') throw new Error(`an SPX future is not an instrument of the engine (${p.strike} ${p.expiryDay})`);
  return shiftQuote(next.priceSpxOption(p.type, p.strike, p.expiryDay), next.spxOpen - next.spxClose);
}

/** A quote moved by `underlyingMovePoints` of its underlying: mid + delta dS + gamma dS^2 / 2, delta + gamma dS; never below 0. */
function shiftQuote(q: ModelOptionQuote, underlyingMovePoints: number): ModelOptionQuote {
  const d = underlyingMovePoints;
  return { ...q, mid: Math.max(q.mid + q.delta * d + 0.5 * q.gamma * d * d, 0), delta: q.delta + q.gamma * d };
}
