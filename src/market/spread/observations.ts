/** Real chains turned into spread observations: each two-sided quote's mid, |delta|, tenor and spread. */
import type { ChainQuote } from '../quotes/otmQuotes.js';
import type { DayNumber } from '../../time/day.js';
import { analyseChain } from './chainAnalytics.js';
import type { SpreadObservation } from './fit.js';

export interface DatedSpreadObservation extends SpreadObservation {
  readonly quoteDay: DayNumber;
}

/** Quotes on days without a VIX close are left out (the model needs the level). */
export function spreadObservations(
  quotes: readonly ChainQuote[],
  vixCloseOn: (day: DayNumber) => number | undefined,
): DatedSpreadObservation[] {
  const rows: DatedSpreadObservation[] = [];
  for (const a of analyseChain(quotes)) {
    const vixLevel = vixCloseOn(a.quote.quoteDay);
    if (vixLevel === undefined) continue;
    rows.push({
      quoteDay: a.quote.quoteDay,
      pricePoints: a.midPoints,
      absDelta: a.absDelta,
      dteDays: a.dteDays,
      vixLevel,
      impliedVolDecimal: a.volDecimal,
      halfSpreadPoints: a.halfSpreadPoints,
    });
  }
  return rows;
}
