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
