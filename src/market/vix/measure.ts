/**
 * Model against real VIX option quotes: per quote, the quote's implied vol against the model's and the
 * price error in units of the quoted bid-ask spread. Used by the fit (residuals), the tests and the
 * validation report.
 */
import { isTwoSidedQuote } from '../quotes/twoSided.js';
import type { ChainQuote } from '../quotes/otmQuotes.js';
import { yearFractionAct365 } from '../../time/day.js';
import type { VixOptionModelConfig, VixFitParams } from './config.js';
import { impliedVolFromPrice } from '../quotes/impliedVol.js';
import type { VixMarketDay } from './marketDay.js';
import { priceVixOption } from './price.js';

export interface VixQuoteComparison {
  readonly quote: ChainQuote;
  readonly dteDays: number;
  readonly forwardPoints: number;
  readonly midPoints: number;
  readonly modelPricePoints: number;
  /** Undefined when the mid has no Black-76 vol (below intrinsic on the settlement forward). */
  readonly quoteVolDecimal: number | undefined;
  readonly modelVolDecimal: number;
  /** (model - quote) implied vol, in vol points (1 = 0.01). */
  readonly volErrorVolPoints: number | undefined;
  /** (model - mid) / (ask - bid). */
  readonly priceErrorSpreads: number;
  readonly outOfTheMoney: boolean;
  readonly usableForFit: boolean;
}

export function compareVixQuotes(
  config: VixOptionModelConfig,
  market: VixMarketDay,
  quotes: readonly ChainQuote[],
  fit: VixFitParams = config.fit,
): VixQuoteComparison[] {
  const rows: VixQuoteComparison[] = [];
  for (const quote of quotes) {
    if (quote.quoteDay !== market.day || !isTwoSidedQuote(quote)) continue;
    const model = priceVixOption(config, market, quote);
    if (!model.ok) continue;
    const { forwardPoints, dteDays } = model.value;
    const midPoints = 0.5 * (quote.bid + quote.ask);
    const yearFraction = yearFractionAct365(market.day, quote.expiryDay);
    const quoteVol = impliedVolFromPrice(quote.type, midPoints, forwardPoints, quote.strike, yearFraction, model.value.discountFactor);
    const quoteVolDecimal = quoteVol.ok ? quoteVol.value : undefined;
    const outOfTheMoney = quote.type === 'call' ? quote.strike >= forwardPoints : quote.strike <= forwardPoints;
    rows.push({
      quote,
      dteDays,
      forwardPoints,
      midPoints,
      modelPricePoints: model.value.pricePoints,
      quoteVolDecimal,
      modelVolDecimal: model.value.volDecimal,
      volErrorVolPoints: quoteVolDecimal === undefined ? undefined : 100 * (model.value.volDecimal - quoteVolDecimal),
      priceErrorSpreads: (model.value.pricePoints - midPoints) / (quote.ask - quote.bid),
      outOfTheMoney,
      usableForFit:
        quoteVolDecimal !== undefined &&
        dteDays >= fit.minFitDteDays &&
        midPoints >= fit.minFitMidPoints &&
        (outOfTheMoney || !fit.outOfTheMoneyOnly),
    });
  }
  return rows;
}
