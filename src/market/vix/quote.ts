/**
 * A model bid/ask for a VIX option: the model mid from `priceVixOption` and the half-spread from the
 * spread model, the way the engine fills (mid plus a share of the half-spread against the trader).
 */
import { err, ok, type Result } from '../../lib/result.js';
import type { ProductSpreadParams } from '../spread/config.js';
import { halfSpreadPoints } from '../spread/model.js';
import type { VixOptionModelConfig } from './config.js';
import type { VixMarketDay } from './marketDay.js';
import { priceVixOption, type VixOptionModelPrice, type VixOptionSpec, type VixPricingError } from './price.js';

export interface VixOptionModelQuote {
  readonly model: VixOptionModelPrice;
  readonly midPoints: number;
  readonly halfSpreadPoints: number;
  /** Never below zero: a one-tick option bids nothing rather than a negative price. */
  readonly bidPoints: number;
  readonly askPoints: number;
}

export function quoteVixOption(
  config: VixOptionModelConfig,
  spread: ProductSpreadParams,
  market: VixMarketDay,
  option: VixOptionSpec,
): Result<VixOptionModelQuote, VixPricingError> {
  const priced = priceVixOption(config, market, option);
  if (!priced.ok) return err(priced.error);
  const model = priced.value;
  const half = halfSpreadPoints(spread, {
    pricePoints: model.pricePoints,
    // |undiscounted delta| to the future, the measure the spread model was fitted on.
    absDelta: Math.abs(model.deltaToFuture) / model.discountFactor,
    dteDays: model.dteDays,
    vixLevel: market.vixSpot,
    impliedVolDecimal: model.volDecimal,
  });
  return ok({
    model,
    midPoints: model.pricePoints,
    halfSpreadPoints: half,
    bidPoints: Math.max(0, model.pricePoints - half),
    askPoints: model.pricePoints + half,
  });
}
