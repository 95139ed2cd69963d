/**
 * VVIX as the daily calibration target of the VIX-option surface. VVIX is Cboe's VIX procedure applied
 * to VIX options: the out-of-the-money strip of the two expiries around 30 days, each term's variance
 * from the strip, interpolated to 30 days. The model's own VVIX is that procedure (spx/vixFormula.ts) on
 * the model's strips at the day's two listed expiries around 30 days, and each day's 30-day ATM vol is
 * the one that makes it equal the published VVIX. The strips are written in units of each expiry's
 * forward (strike spacing and zero-bid price as fractions of it, no discounting over a month), so the
 * calibration depends on VVIX, the two expiries' days and the day's contango only.
 */
import { black76Price } from '../../pricing/black76.js';
import { vixFromTwoExpiries, type StrikeMids, type VixFormulaTerm } from '../spx/vixFormula.js';
import type { VixVolSurfaceParams } from './config.js';
import { vixVolFromAtmLevel } from './volSurface.js';

const DAYS_PER_YEAR = 365;
/** A strip longer than this means the zero-bid rule never ends it: a config error, not a market state. */
const MAX_STRIP_STRIKES = 100_000;

export class VvixCalibrationError extends Error {
  override name = 'VvixCalibrationError';
}

/** What the model's VVIX of a day depends on besides the surface parameters. */
export interface VvixCalibrationInputs {
  readonly vvixPercent: number;
  /** Calendar days to the near and next expiries of the procedure. */
  readonly nearDteDays: number;
  readonly nextDteDays: number;
  /** The day's contango (forward.ts `frontContangoFraction`), which shapes the short tenors. */
  readonly contangoFraction: number;
}

/** The strip of one term in units of its forward: forward 1, strikes halfway between grid lines around it. */
function canonicalTerm(params: VixVolSurfaceParams, atmVol30Decimal: number, dteDays: number, contangoFraction: number): VixFormulaTerm {
  const { strikeStepFractionOfForward: step, zeroBidPriceFractionOfForward: zeroBid, maxStrikeMultipleOfForward: maxStrike } = params.vvixStrip;
  const timeYears = dteDays / DAYS_PER_YEAR;
  const priced = (strike: number): StrikeMids => {
    const vol = vixVolFromAtmLevel(params, atmVol30Decimal, dteDays, Math.log(strike), contangoFraction);
    const stdDev = vol * Math.sqrt(timeYears);
    const call = black76Price('call', 1, strike, stdDev, 1);
    const put = black76Price('put', 1, strike, stdDev, 1);
    return { strike, callMid: call < zeroBid ? 0 : call, putMid: put < zeroBid ? 0 : put };
  };
  const strikes: StrikeMids[] = [];
  for (let i = -1, zeros = 0; zeros < 2; i--) {
    const strike = 1 + (i + 0.5) * step;
    if (strike <= 0) break;
    const row = priced(strike);
    strikes.push(row);
    zeros = row.putMid === 0 ? zeros + 1 : 0;
  }
  for (let i = 0, zeros = 0; zeros < 2; i++) {
    const strike = 1 + (i + 0.5) * step;
    if (strike > maxStrike) break;
    const row = priced(strike);
    strikes.push(row);
    zeros = row.callMid === 0 ? zeros + 1 : 0;
    if (strikes.length > MAX_STRIP_STRIKES) throw new VvixCalibrationError(`the model strip at ATM vol ${atmVol30Decimal} does not end`);
  }
  return { timeYears, rateDecimal: 0, strikes };
}

/** The model's VVIX (percent) for a 30-day ATM vol: the Cboe procedure on the near and next strips. */
export function modelVvixPercent(params: VixVolSurfaceParams, atmVol30Decimal: number, inputs: VvixCalibrationInputs): number {
  const index = vixFromTwoExpiries(
    canonicalTerm(params, atmVol30Decimal, inputs.nearDteDays, inputs.contangoFraction),
    canonicalTerm(params, atmVol30Decimal, inputs.nextDteDays, inputs.contangoFraction),
    params.referenceTenorDays / DAYS_PER_YEAR,
  );
  if (!index.ok) throw new VvixCalibrationError(`the VIX procedure failed on the model strip at ATM vol ${atmVol30Decimal}: ${JSON.stringify(index.error)}`);
  return index.value.indexPoints;
}

/** Width of the final bracket in ln(ATM vol). */
const EXACT_SOLVE_LOG_WIDTH = 1e-10;
const EXACT_SOLVE_MAX_STEPS = 200;

/**
 * The 30-day ATM vol (decimal) whose model strips reproduce the day's VVIX. The zero-bid rule
 * makes the model VVIX step up slightly when a strike enters the strip, so the search brackets the
 * target and halves the bracket (regula falsi with the Illinois correction) rather than trusting a
 * derivative; at a step it returns the ATM vol where the index crosses the target.
 */
export function solveAtmVolForVvix(params: VixVolSurfaceParams, inputs: VvixCalibrationInputs): number {
  const { vvixPercent } = inputs;
  if (!(vvixPercent > 0) || !Number.isFinite(vvixPercent)) throw new VvixCalibrationError(`VVIX must be a positive finite number, got ${vvixPercent}`);
  const target = Math.log(vvixPercent);
  const gap = (lnAtm: number) => Math.log(modelVvixPercent(params, Math.exp(lnAtm), inputs)) - target;
  // The model VVIX is close to proportional to the ATM vol: bracket that guess and widen if needed.
  let lo = Math.log(vvixPercent / 100) - 0.15;
  let flo = gap(lo);
  while (flo > 0) {
    lo -= 0.5;
    flo = gap(lo);
  }
  let hi = lo + 0.25;
  let fhi = gap(hi);
  while (fhi < 0) {
    hi += 0.5;
    fhi = gap(hi);
  }
  let side = 0;
  for (let step = 0; step < EXACT_SOLVE_MAX_STEPS && hi - lo > EXACT_SOLVE_LOG_WIDTH; step++) {
    const x = (lo * fhi - hi * flo) / (fhi - flo);
    const fx = gap(x);
    if (fx === 0) return Math.exp(x);
    if (fx < 0) {
      lo = x;
      flo = fx;
      if (side === -1) fhi /= 2;
      side = -1;
    } else {
      hi = x;
      fhi = fx;
      if (side === 1) flo /= 2;
      side = 1;
    }
  }
  return Math.exp(Math.abs(flo) < Math.abs(fhi) ? lo : hi);
}
