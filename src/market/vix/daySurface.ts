/**
 * One day's VIX-option vol surface: the VVIX of the day (or its fallback from VIX), the day's contango,
 * the two listed expiries the VVIX procedure uses, and the 30-day ATM vol calibrated so that the model's
 * strips reproduce VVIX (through the tabulated strip of vvixCalibration.ts, a few microseconds), once
 * per day and config: the result is kept with the day's market snapshot.
 */
import type { TermStructurePoint } from '../../history/types.js';
import { isFiniteNumber } from '../../lib/finite.js';
import type { VixOptionModelConfig, VixVolSurfaceParams } from './config.js';
import { frontContangoFraction } from './forward.js';
import type { VixMarketDay } from './marketDay.js';
import { vixVolFromAtmLevel } from './volSurface.js';
import { calibratedAtmVolDecimal, type VvixCalibrationInputs } from './vvixCalibration.js';
import { vvixFromVix } from './vvixFallback.js';

export interface VixDaySurface extends VvixCalibrationInputs {
  readonly vvixFromFallback: boolean;
  /** ATM implied vol at the reference tenor (30 days), decimal. */
  readonly atmVol30Decimal: number;
  /** Implied vol (decimal) at `dteDays` and ln(strike / forward). */
  volDecimal(dteDays: number, logMoneyness: number): number;
}

/**
 * The near and next expiries of the VVIX procedure: the last listed contract at or before the
 * reference tenor with at least `minNearDteDays`, and the one after it; when none is that short, the
 * first two eligible contracts (the procedure then extrapolates, as Cboe's formula does). With fewer
 * than two eligible contracts, the reference tenor -+ 1 day stands in.
 */
export function vvixProcedureExpiries(
  curve: readonly TermStructurePoint[],
  referenceTenorDays: number,
  minNearDteDays: number,
): { readonly nearDteDays: number; readonly nextDteDays: number } {
  const eligible = curve.filter((p) => p.dteDays >= minNearDteDays).map((p) => p.dteDays);
  if (eligible.length < 2) return { nearDteDays: referenceTenorDays - 1, nextDteDays: referenceTenorDays + 1 };
  let nearIndex = 0;
  for (let i = 0; i < eligible.length - 1; i++) if ((eligible[i] as number) <= referenceTenorDays) nearIndex = i;
  return { nearDteDays: eligible[nearIndex] as number, nextDteDays: eligible[nearIndex + 1] as number };
}

/**
 * The calibration inputs of a day: VVIX (or its fallback) times the config's vvixTargetScale, the
 * procedure's expiries and the contango.
 */
export function vvixCalibrationInputsOf(config: VixOptionModelConfig, market: VixMarketDay): VvixCalibrationInputs & { readonly vvixFromFallback: boolean } {
  const vvixFromFallback = market.vvix === undefined || !isFiniteNumber(market.vvix) || market.vvix <= 0;
  const vvixPercent = (vvixFromFallback ? vvixFromVix(config.vvixFallback, market.vixSpot) : (market.vvix as number)) * config.surface.vvixTargetScale;
  const expiries = vvixProcedureExpiries(market.futuresCurve, config.surface.referenceTenorDays, config.surface.vvixMinNearDteDays);
  return { vvixPercent, vvixFromFallback, ...expiries, contangoFraction: frontContangoFraction(market.futuresCurve, market.vixSpot) };
}

/**
 * The VVIX the market published (or its fallback) behind a surface calibrated with `params`: its target
 * over the config's vvixTargetScale, so a stressed config is reported and judged against the real one.
 */
export function publishedVvixPercent(params: VixVolSurfaceParams, surface: Pick<VvixCalibrationInputs, 'vvixPercent'>): number {
  return surface.vvixPercent / params.vvixTargetScale;
}

/** The surface of a day for explicit calibration inputs (tests, the fit, the validation). */
export function vixSurfaceFromInputs(params: VixVolSurfaceParams, inputs: VvixCalibrationInputs & { readonly vvixFromFallback: boolean }): VixDaySurface {
  const atmVol30Decimal = calibratedAtmVolDecimal(params, inputs);
  return {
    ...inputs,
    atmVol30Decimal,
    volDecimal: (dteDays, logMoneyness) => vixVolFromAtmLevel(params, atmVol30Decimal, dteDays, logMoneyness, inputs.contangoFraction),
  };
}

const cache = new WeakMap<VixMarketDay, WeakMap<VixVolSurfaceParams, VixDaySurface>>();

/** The day's surface, calibrated once per snapshot and surface config. */
export function vixDaySurface(config: VixOptionModelConfig, market: VixMarketDay): VixDaySurface {
  let byParams = cache.get(market);
  if (byParams === undefined) {
    byParams = new WeakMap();
    cache.set(market, byParams);
  }
  const known = byParams.get(config.surface);
  if (known !== undefined) return known;
  const surface = vixSurfaceFromInputs(config.surface, vvixCalibrationInputsOf(config, market));
  byParams.set(config.surface, surface);
  return surface;
}

/** Hands the pricer a day's surface known already (restored from a market tape) for that snapshot and config. */
export function rememberVixDaySurface(config: VixOptionModelConfig, market: VixMarketDay, surface: VixDaySurface): void {
  let byParams = cache.get(market);
  if (byParams === undefined) {
    byParams = new WeakMap();
    cache.set(market, byParams);
  }
  byParams.set(config.surface, surface);
}

/** A day's calibrated VIX-option surface as plain data: every field but its functions (what a market tape stores). */
export type VixDaySurfaceState = Readonly<Record<string, unknown>>;

export function vixDaySurfaceState(surface: VixDaySurface): VixDaySurfaceState {
  return Object.fromEntries(Object.entries(surface).filter(([, value]) => typeof value !== 'function'));
}

/**
 * The surface again from its state and the surface config it was calibrated with. The known fields
 * are written in one order, so every restored day has the same object shape: a spread of the stored
 * object copies its shape, which differs from day to day (a VVIX that is a whole number is stored as a
 * small integer), and the pricer, which reads these fields on every VIX quote, then sees many shapes.
 * A field the surface may gain later still comes back, after them.
 */
export function vixDaySurfaceFromState(params: VixVolSurfaceParams, state: VixDaySurfaceState): VixDaySurface {
  const { vvixPercent, vvixFromFallback, nearDteDays, nextDteDays, contangoFraction, atmVol30Decimal, ...rest } = state as unknown as Omit<VixDaySurface, 'volDecimal'>;
  return {
    vvixPercent,
    vvixFromFallback,
    nearDteDays,
    nextDteDays,
    contangoFraction,
    atmVol30Decimal,
    ...rest,
    volDecimal: (dteDays, logMoneyness) => vixVolFromAtmLevel(params, atmVol30Decimal, dteDays, logMoneyness, contangoFraction),
  };
}
