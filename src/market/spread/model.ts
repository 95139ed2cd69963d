/**
 * Half bid-ask spread of an option in index points. In the real chains the spread follows the
 * option's price far more than anything else (cheap wings: one or two ticks; ATM: tens of ticks), so
 * the model is a power law in price, corrected for tenor, moneyness (|delta|) and the VIX level, and
 * never narrower than the exchange's minimum tick.
 */
import type { ProductSpreadParams, TickSchedule } from './config.js';

export interface SpreadInputs {
  /** Mid (or model) price of the option, index points. */
  readonly pricePoints: number;
  /** |delta|, 0..1. */
  readonly absDelta: number;
  readonly dteDays: number;
  /** VIX close of the day, index points. */
  readonly vixLevel: number;
}

export function tickSizePoints(ticks: TickSchedule, pricePoints: number): number {
  return pricePoints < ticks.thresholdPricePoints ? ticks.tickBelowThresholdPoints : ticks.tickFromThresholdPoints;
}

/** The half-spread before the tick grid applies (index points); the quantity that is fitted. */
export function rawHalfSpreadPoints(params: ProductSpreadParams, inputs: SpreadInputs): number {
  const price = Math.max(inputs.pricePoints, params.ticks.tickBelowThresholdPoints);
  const dte = Math.max(inputs.dteDays, 1);
  return Math.exp(
    params.logScale +
      params.priceExponent * Math.log(price) +
      params.dteExponent * Math.log(dte / params.referenceDteDays) +
      params.absDeltaCoefficient * inputs.absDelta +
      params.vixElasticity * Math.log(inputs.vixLevel / params.fitDayVixLevel),
  );
}

/** The half-spread on the tick grid: the full width rounded to whole ticks, at least one tick. */
export function halfSpreadPoints(params: ProductSpreadParams, inputs: SpreadInputs): number {
  const tick = tickSizePoints(params.ticks, inputs.pricePoints);
  const ticks = Math.max(1, Math.round((2 * rawHalfSpreadPoints(params, inputs)) / tick));
  return (ticks * tick) / 2;
}
