/**
 * Per-quote analytics of a real chain that the measurements need: days to expiry, mid, the
 * parity-implied forward, the mid's implied vol and its forward delta. Computed from the chain alone.
 */
import { isTwoSidedQuote } from '../quotes/twoSided.js';
import type { ChainQuote } from '../quotes/otmQuotes.js';
import { normCdf } from '../../pricing/normal.js';
import { calendarDaysBetween, yearFractionAct365 } from '../../time/day.js';
import { impliedVolFromPrice } from '../quotes/impliedVol.js';
import { regressionParityForward } from './regressionParityForward.js';

export interface QuoteAnalytics<Q extends ChainQuote = ChainQuote> {
  readonly quote: Q;
  readonly dteDays: number;
  readonly midPoints: number;
  readonly halfSpreadPoints: number;
  readonly forwardPoints: number;
  readonly discountFactor: number;
  readonly volDecimal: number;
  /** |undiscounted Black-76 delta to the forward|, 0..1. */
  readonly absDelta: number;
}

/**
 * Analytics for every two-sided quote whose expiry has a parity forward and whose mid has an implied
 * vol; other quotes are left out (they are counted by the caller when it matters).
 */
export function analyseChain<Q extends ChainQuote>(quotes: readonly Q[]): QuoteAnalytics<Q>[] {
  const groups = new Map<string, Q[]>();
  for (const quote of quotes) {
    const key = `${quote.quoteDay}:${quote.expiryDay}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [quote]);
    else group.push(quote);
  }
  const rows: QuoteAnalytics<Q>[] = [];
  for (const group of groups.values()) {
    const parity = regressionParityForward(group);
    if (!parity.ok) continue;
    const { forwardPoints, discountFactor } = parity.value;
    for (const quote of group) {
      if (!isTwoSidedQuote(quote)) continue;
      const yearFraction = yearFractionAct365(quote.quoteDay, quote.expiryDay);
      const midPoints = 0.5 * (quote.bid + quote.ask);
      const vol = impliedVolFromPrice(quote.type, midPoints, forwardPoints, quote.strike, yearFraction, discountFactor);
      if (!vol.ok) continue;
      const stdDev = vol.value * Math.sqrt(yearFraction);
      const d1 = Math.log(forwardPoints / quote.strike) / stdDev + 0.5 * stdDev;
      rows.push({
        quote,
        dteDays: calendarDaysBetween(quote.quoteDay, quote.expiryDay),
        midPoints,
        halfSpreadPoints: 0.5 * (quote.ask - quote.bid),
        forwardPoints,
        discountFactor,
        volDecimal: vol.value,
        absDelta: quote.type === 'call' ? normCdf(d1) : normCdf(-d1),
      });
    }
  }
  return rows;
}
