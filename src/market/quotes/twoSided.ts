import type { ChainQuote } from './otmQuotes.js';

/** A quote with a two-sided market (bid > 0, ask > bid) on an expiry after the quote day. */
export function isTwoSidedQuote(quote: ChainQuote): boolean {
  return quote.bid > 0 && quote.ask > quote.bid && quote.expiryDay > quote.quoteDay;
}
