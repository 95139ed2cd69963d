/**
 * Half bid-ask spread of an option in index points. In the real chains the spread follows the
 * option's price far more than anything else (cheap wings: one or two ticks; ATM: tens of ticks), so
 * the model is a power law in price, corrected for tenor, moneyness (|delta|) and the option's own
 * implied vol (market makers quote a width in vol terms that grows with the vol level; fitted across
 * the strikes of the fit day, whose vols run from about 10 % to 60 %), and never narrower than the
 * exchange's minimum tick. From VIX 30 on, the exchange's double-width relief doubles it (config
 * stressVixLevel, stressWidthMultiplier); an optional VIX elasticity is a further stress assumption,
 * off by default.
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
  /** The option's implied vol (model or quote), decimal. */
  readonly impliedVolDecimal: number;
}

/** A vol below this (decimal) is held at it, so a zero or tiny vol cannot shrink the spread without bound. */
const MIN_IMPLIED_VOL_DECIMAL = 0.01;

export function tickSizePoints(ticks: TickSchedule, pricePoints: number): number {
  return pricePoints < ticks.thresholdPricePoints ? ticks.tickBelowThresholdPoints : ticks.tickFromThresholdPoints;
}

/** The half-spread before the tick grid applies (index points); the quantity that is fitted. */
export function rawHalfSpreadPoints(params: ProductSpreadParams, inputs: SpreadInputs): number {
  const price = Math.max(inputs.pricePoints, params.ticks.tickBelowThresholdPoints);
  const dte = Math.max(inputs.dteDays, 1);
  const stress = inputs.vixLevel >= params.stressVixLevel ? params.stressWidthMultiplier : 1;
  return stress * Math.exp(
    params.logScale +
      params.priceExponent * Math.log(price) +
      params.dteExponent * Math.log(dte / params.referenceDteDays) +
      params.absDeltaCoefficient * inputs.absDelta +
      params.impliedVolElasticity * Math.log(Math.max(inputs.impliedVolDecimal, MIN_IMPLIED_VOL_DECIMAL) / params.referenceImpliedVolDecimal) +
      params.vixElasticity * Math.log(inputs.vixLevel / params.fitDayVixLevel),
  );
}

/** The half-spread on the tick grid: the full width rounded to whole ticks, at least one tick. */
export function halfSpreadPoints(params: ProductSpreadParams, inputs: SpreadInputs): number {
  const tick = tickSizePoints(params.ticks, inputs.pricePoints);
  const ticks = Math.max(1, Math.round((2 * rawHalfSpreadPoints(params, inputs)) / tick));
  return (ticks * tick) / 2;
}
