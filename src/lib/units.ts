/**
 * The one conversion between the two ways a volatility is written: as a decimal (0.205, what every
 * pricing formula takes) and in vol points (20.5, how Cboe publishes VIX, VIX9D, VIX3M, VIX6M and VVIX,
 * and how an implied-vol error or a vega per vol point is read). Division and multiplication by the
 * same exact constant, so a value converted here is the same double as one written `x / 100`.
 */

/** Vol points per unit of decimal volatility. */
export const VOL_POINTS_PER_DECIMAL = 100;

/** A volatility in vol points (an index close such as VIX 20.5) as a decimal (0.205). */
export function volDecimalFromPoints(volPoints: number): number {
  return volPoints / VOL_POINTS_PER_DECIMAL;
}

/** A decimal volatility (0.205) in vol points (20.5). */
export function volPointsFromDecimal(volDecimal: number): number {
  return volDecimal * VOL_POINTS_PER_DECIMAL;
}
