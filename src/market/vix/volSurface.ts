/**
 * Implied volatility of a VIX option for a given 30-day ATM vol. The level is VVIX's: each day the 30-day
 * ATM vol is the one whose model strips reproduce VVIX through the Cboe procedure (vvixCalibration.ts,
 * daySurface.ts), so the skew the strip contains is not counted twice.
 * Across tenors the ATM vol falls exponentially in tenor (a later future moves less than spot, because
 * VIX mean-reverts), except for a dip at the shortest tenors in contango (a near future pinned close to a
 * calm spot VIX). VIX options show an upward skew: calls on higher strikes carry higher vols because VIX
 * jumps up, not down. The skew is a function of moneyness in ATM standard deviations, so one slope serves
 * every expiry and level, and it saturates (tanh) so far strikes keep a bounded vol.
 */
import type { VixVolSurfaceParams } from './config.js';
import { DAYS_PER_YEAR_ACT365 as DAYS_PER_YEAR } from '../../time/day.js';

/** The dip never takes more than this share of the level, however steep the contango. */
export const MAX_DIP_DEPTH = 0.9;

/** Depth of the short-tenor dip on a day with this contango. */
export function shortTenorDipDepth(params: VixVolSurfaceParams, contangoFraction: number): number {
  if (!(contangoFraction > 0)) return 0;
  const scale = Math.min(contangoFraction / params.dipReferenceContangoFraction, params.maxDipScale);
  return Math.min(params.shortTenorDipFraction * scale, MAX_DIP_DEPTH);
}

/** sigma_atm(T) / sigma_atm(referenceTenor): 1 at the reference tenor. */
export function atmTermFactor(params: VixVolSurfaceParams, dteDays: number, contangoFraction: number): number {
  const depth = shortTenorDipDepth(params, contangoFraction);
  const tau = params.shortTenorDipDays;
  const dip = (1 - depth * Math.exp(-dteDays / tau)) / (1 - depth * Math.exp(-params.referenceTenorDays / tau));
  return Math.exp((-params.atmLogVolDecayPerYear * (dteDays - params.referenceTenorDays)) / DAYS_PER_YEAR) * dip;
}

/**
 * Moneyness in the units the skew is written in: ln(K/F) in ATM standard deviations,
 * z = ln(K/F) / (sigma_atm(T) sqrt(T)). Written this way, the smile keeps its shape in delta terms when
 * the level moves: a 30-delta call sits the same number of standard deviations out on a calm day and in
 * a spike, so VVIX near 200 does not push the call wing to several times the ATM vol.
 */
export function standardizedLogMoneyness(atmVolDecimal: number, logMoneyness: number, dteDays: number): number {
  return logMoneyness / (atmVolDecimal * Math.sqrt(dteDays / DAYS_PER_YEAR));
}

/**
 * Scale L(s) of the tanh saturation, in standard deviations, for an expiry whose ATM standard deviation is
 * s = sigma_atm(T) sqrt(T): L(s) = L * (min(max(s, s_ref), s_max) / s_ref)^(-gamma). On the fit day the call
 * wings of the short expiries keep rising several standard deviations out (14 days: 123 % vol at the 22
 * strike, about 2.5 standard deviations, against about 75 % at the money), while the 140-168 day wings flatten by
 * 2-3 standard deviations: the wider the distribution of the future, the sooner its upper tail stops
 * thickening, because VIX's upside is bounded by mean reversion. s grows with tenor and with VIX's own vol
 * alike, so the same rule flattens the wing of a 30-day expiry when VVIX is high. Below s_ref the scale
 * stays L (a larger one makes the wings of 1-3 day options rise so fast that a call's price grows with its
 * strike), and beyond s_max, the widest expiry of the fit day, the rule is not extrapolated.
 */
export function skewSaturationStdDevsFor(params: VixVolSurfaceParams, atmStdDev: number): number {
  const s = Math.min(Math.max(atmStdDev, params.skewReferenceStdDev), params.skewSaturationMaxStdDev);
  return params.skewSaturationStdDevs * (s / params.skewReferenceStdDev) ** -params.skewSaturationStdDevExponent;
}

/** sigma / sigma_atm at standardised moneyness z, for an expiry whose ATM standard deviation is `atmStdDev`. */
export function skewFactor(params: VixVolSurfaceParams, z: number, atmStdDev: number): number {
  const saturation = skewSaturationStdDevsFor(params, atmStdDev);
  return Math.exp(skewSlopeAt(params, z) * saturation * Math.tanh(z / saturation));
}

/**
 * The slope of the skew at z: the put slope below the money and the call slope above, blended over
 * skewSlopeBlendStdDevs by (1 + tanh(z / w)) / 2. A switch at z = 0 would put a kink in the smile where the
 * steeper put slope meets the flatter call slope: a concave kink, a butterfly at the money worth less than
 * nothing (-0.14 % of the forward at worst). Over a quarter of a standard deviation the curvature stays
 * small against the variance of the expiry, and Durrleman's condition holds.
 */
export function skewSlopeAt(params: VixVolSurfaceParams, z: number): number {
  const callWeight = 0.5 * (1 + Math.tanh(z / params.skewSlopeBlendStdDevs));
  return params.putSkewSlopePerStdDev + callWeight * (params.callSkewSlopePerStdDev - params.putSkewSlopePerStdDev);
}

/** Implied vol (decimal) for a given 30-day ATM vol, the building block of the calibration. */
export function vixVolFromAtmLevel(params: VixVolSurfaceParams, atmVol30Decimal: number, dteDays: number, logMoneyness: number, contangoFraction: number): number {
  const atm = atmVol30Decimal * atmTermFactor(params, dteDays, contangoFraction);
  return atm * skewFactor(params, standardizedLogMoneyness(atm, logMoneyness, dteDays), atm * Math.sqrt(dteDays / DAYS_PER_YEAR));
}
