/**
 * A real end-of-day option quote as the market model reads it. Chain adapters (src/data/chains) return
 * richer rows; any row with these fields can be passed in.
 */
import type { OptionType } from '../pricing/black76.js';
import type { DayNumber } from '../time/day.js';

export interface OptionQuote {
  readonly quoteDay: DayNumber;
  readonly expiryDay: DayNumber;
  readonly type: OptionType;
  readonly strike: number;
  /** Bid and ask, index points per unit. */
  readonly bid: number;
  readonly ask: number;
}

/** A quote with a two-sided market (bid > 0, ask > bid) on an expiry after the quote day. */
export function isTwoSidedQuote(quote: OptionQuote): boolean {
  return quote.bid > 0 && quote.ask > quote.bid && quote.expiryDay > quote.quoteDay;
}
