/**
 * Implied volatility of a VIX option from VVIX. VVIX is the 30-day implied vol of VIX; the vol of a
 * longer-dated future is lower (VIX mean-reverts, so a far future moves less than spot), which a power
 * law in tenor captures. VIX options show an upward skew: calls on higher strikes are priced at higher
 * vols because VIX jumps up, not down. The skew is a function of moneyness scaled by sqrt(tenor), so one
 * slope serves every expiry, and it saturates (tanh) so far strikes keep a bounded vol.
 */
import type { VixVolSurfaceParams } from './config.js';

export interface VixVolInputs {
  /** VVIX in percent (e.g. 85.3). */
  readonly vvixPercent: number;
  /** Calendar days from the quote to the option's expiry, > 0. */
  readonly dteDays: number;
  /** ln(strike / forward). */
  readonly logMoneyness: number;
}

/** ATM implied vol (decimal) of a VIX option with `dteDays` to expiry. */
export function vixAtmVolDecimal(params: VixVolSurfaceParams, vvixPercent: number, dteDays: number): number {
  const tenorRatio = dteDays / params.referenceTenorDays;
  return params.atmVolToVvixRatio * (vvixPercent / 100) * Math.pow(tenorRatio, -params.termStructureExponent);
}

/** Moneyness in the units the skew is written in: ln(K/F) / sqrt(T / referenceTenor). */
export function scaledLogMoneyness(params: VixVolSurfaceParams, logMoneyness: number, dteDays: number): number {
  return logMoneyness / Math.sqrt(dteDays / params.referenceTenorDays);
}

/** Implied vol (decimal) of a VIX option. */
export function vixImpliedVolDecimal(params: VixVolSurfaceParams, inputs: VixVolInputs): number {
  const atm = vixAtmVolDecimal(params, inputs.vvixPercent, inputs.dteDays);
  const x = scaledLogMoneyness(params, inputs.logMoneyness, inputs.dteDays);
  const saturation = params.skewSaturationScaledLogMoneyness;
  return atm * Math.exp(params.skewSlopePerScaledLogMoneyness * saturation * Math.tanh(x / saturation));
}
