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
import { atmTermFactor, skewFactor, vixVolFromAtmLevel } from './volSurface.js';
import { volDecimalFromPoints, volPointsFromDecimal } from '../../lib/units.js';
import { DAYS_PER_YEAR_ACT365 as DAYS_PER_YEAR } from '../../time/day.js';

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

/**
 * The model's VVIX (percent) for a 30-day ATM vol: the Cboe procedure (spx/vixFormula.ts) on the near
 * and next strips as objects. The calibration runs `modelVvixPercent`, the same steps without objects;
 * this slower path is kept to test it against the procedure itself.
 */
export function modelVvixPercentByProcedure(params: VixVolSurfaceParams, atmVol30Decimal: number, inputs: VvixCalibrationInputs): number {
  const index = vixFromTwoExpiries(
    canonicalTerm(params, atmVol30Decimal, inputs.nearDteDays, inputs.contangoFraction),
    canonicalTerm(params, atmVol30Decimal, inputs.nextDteDays, inputs.contangoFraction),
    params.referenceTenorDays / DAYS_PER_YEAR,
  );
  if (!index.ok) throw new VvixCalibrationError(`the VIX procedure failed on the model strip at ATM vol ${atmVol30Decimal}: ${JSON.stringify(index.error)}`);
  return index.value.indexPoints;
}

let selectedStrikes = new Float64Array(1024);
let selectedPrices = new Float64Array(1024);

function select(count: number, strike: number, price: number): void {
  if (count === selectedStrikes.length) {
    const strikes = new Float64Array(2 * count);
    const prices = new Float64Array(2 * count);
    strikes.set(selectedStrikes);
    prices.set(selectedPrices);
    selectedStrikes = strikes;
    selectedPrices = prices;
  }
  selectedStrikes[count] = strike;
  selectedPrices[count] = price;
}

/**
 * One term's variance by the procedure's steps on the canonical strip, without building it. With no
 * discounting and model prices that obey parity, the parity strike is the one just below the forward
 * (the two strikes around it tie, and the procedure keeps the lower), so the forward is exactly 1 and
 * K0 = 1 - step/2. Then: puts below K0 and calls above, each side ending at two consecutive zero bids,
 * zero bids left out, half-distance weights between selected neighbours, and the (F/K0 - 1)^2 term.
 */
function canonicalTermVariance(params: VixVolSurfaceParams, atmVol30Decimal: number, dteDays: number, contangoFraction: number): number {
  const timeYears = dteDays / DAYS_PER_YEAR;
  const atmStdDev = atmVol30Decimal * atmTermFactor(params, dteDays, contangoFraction) * Math.sqrt(timeYears);
  return canonicalTotalVariance(params, atmStdDev) / timeYears;
}

/**
 * T x the term variance of the canonical strip. It depends on the term's ATM standard deviation
 * sigma_atm(T) sqrt(T) alone: the skew is written in standard deviations, and the procedure's sum and
 * K0 term carry 1/T, which the product removes.
 */
function canonicalTotalVariance(params: VixVolSurfaceParams, atmStdDev: number): number {
  const { strikeStepFractionOfForward: step, zeroBidPriceFractionOfForward: zeroBid, maxStrikeMultipleOfForward: maxStrike } = params.vvixStrip;
  const stdDevAt = (strike: number): number => atmStdDev * skewFactor(params, Math.log(strike) / atmStdDev, atmStdDev);
  const otm = (strike: number): number => {
    const price = black76Price(strike < 1 ? 'put' : 'call', 1, strike, stdDevAt(strike), 1);
    return price < zeroBid ? 0 : price;
  };
  const k0 = 1 - 0.5 * step;
  // Puts are collected downwards and reversed in place, then K0 and the calls follow in order.
  let count = 0;
  for (let i = 1, zeros = 0; zeros < 2; i++) {
    const strike = k0 - i * step;
    if (strike <= 0) break;
    const price = otm(strike);
    if (price === 0) zeros++;
    else {
      zeros = 0;
      select(count++, strike, price);
    }
  }
  selectedStrikes.subarray(0, count).reverse();
  selectedPrices.subarray(0, count).reverse();
  // At K0 the procedure averages the call and put mids, each zeroed below the zero bid.
  const putK0 = black76Price('put', 1, k0, stdDevAt(k0), 1);
  const callK0 = putK0 + (1 - k0);
  select(count++, k0, 0.5 * ((callK0 < zeroBid ? 0 : callK0) + (putK0 < zeroBid ? 0 : putK0)));
  for (let i = 1, zeros = 0; zeros < 2; i++) {
    const strike = k0 + i * step;
    if (strike > maxStrike) break;
    const price = otm(strike);
    if (price === 0) zeros++;
    else {
      zeros = 0;
      select(count++, strike, price);
    }
  }
  if (count < 3) throw new VvixCalibrationError(`only ${count} strikes with a price in the model strip at an ATM standard deviation of ${atmStdDev}`);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const strike = selectedStrikes[i] as number;
    const deltaStrike =
      i === 0
        ? (selectedStrikes[1] as number) - strike
        : i === count - 1
          ? strike - (selectedStrikes[i - 1] as number)
          : 0.5 * ((selectedStrikes[i + 1] as number) - (selectedStrikes[i - 1] as number));
    sum += (deltaStrike / (strike * strike)) * (selectedPrices[i] as number);
  }
  return 2 * sum - (1 / k0 - 1) ** 2;
}

/** The model's VVIX (percent) for a 30-day ATM vol: the Cboe procedure on the near and next strips. */
export function modelVvixPercent(params: VixVolSurfaceParams, atmVol30Decimal: number, inputs: VvixCalibrationInputs): number {
  const t1 = inputs.nearDteDays / DAYS_PER_YEAR;
  const t2 = inputs.nextDteDays / DAYS_PER_YEAR;
  const target = params.referenceTenorDays / DAYS_PER_YEAR;
  const near = canonicalTermVariance(params, atmVol30Decimal, inputs.nearDteDays, inputs.contangoFraction);
  const next = canonicalTermVariance(params, atmVol30Decimal, inputs.nextDteDays, inputs.contangoFraction);
  const total = t1 * near * ((t2 - target) / (t2 - t1)) + t2 * next * ((target - t1) / (t2 - t1));
  if (!(near > 0 && next > 0 && total > 0)) throw new VvixCalibrationError(`non-positive model variance at ATM vol ${atmVol30Decimal}`);
  return volPointsFromDecimal(Math.sqrt(total / target));
}

/**
 * The first guess of ln(30-day ATM vol) above ln(VVIX / 100): on calm and stressed days alike the ATM
 * vol sits 2-4 % above VVIX/100 (the low-vol puts weigh most). A solver's start, not a model parameter:
 * the solution does not depend on it.
 */
const LN_ATM_VOL_OVER_VVIX_GUESS = 0.025;

/**
 * Secant steps on ln(ATM vol), from the guess above, on `gap` (ln of the model VVIX over the target,
 * close to linear in ln ATM vol) until |gap| <= `tolerance`, `maxSteps` are taken or the secant stalls:
 * the last point and its gap. Shared by the exact procedure's solve and the table's.
 */
function secantOnLnAtmVol(gap: (lnAtm: number) => number, vvixPercent: number, tolerance: number, maxSteps: number): { lnAtm: number; gap: number } {
  let x0 = Math.log(volDecimalFromPoints(vvixPercent)) + LN_ATM_VOL_OVER_VVIX_GUESS;
  let f0 = gap(x0);
  let x1 = x0 - f0;
  let f1 = gap(x1);
  for (let step = 0; step < maxSteps && Math.abs(f1) > tolerance && f1 !== f0; step++) {
    const next = x1 - (f1 * (x1 - x0)) / (f1 - f0);
    x0 = x1;
    f0 = f1;
    x1 = next;
    f1 = gap(x1);
  }
  return { lnAtm: x1, gap: f1 };
}

/** The secant stops when ln(model VVIX / VVIX) is within this: 1e-5 is 0.001 VVIX points at 100. */
const SECANT_LOG_TOLERANCE = 1e-5;
/** Half-width of the bracket around the secant's last point, and the width at which halving stops, ln(ATM vol). */
const BRACKET_HALF_WIDTH_LOG = 0.002;
const BISECTION_LOG_WIDTH = 1e-6;
const BISECTION_MAX_STEPS = 60;
const SECANT_MAX_STEPS = 8;

/**
 * The 30-day ATM vol (decimal) whose model strips reproduce the day's VVIX. The zero-bid rule
 * makes the model VVIX step up slightly when a strike enters the strip; where a step lies across the
 * target the secant cannot settle, and the search brackets the target and halves the bracket, returning
 * the ATM vol where the index crosses the target (within the step).
 */
export function solveAtmVolForVvix(params: VixVolSurfaceParams, inputs: VvixCalibrationInputs): number {
  const { vvixPercent } = inputs;
  if (!(vvixPercent > 0) || !Number.isFinite(vvixPercent)) throw new VvixCalibrationError(`VVIX must be a positive finite number, got ${vvixPercent}`);
  const target = Math.log(vvixPercent);
  const gap = (lnAtm: number) => Math.log(modelVvixPercent(params, Math.exp(lnAtm), inputs)) - target;
  // The model VVIX is close to proportional to the ATM vol, so the secant usually lands within
  // SECANT_LOG_TOLERANCE in three or four strips; a day where the zero-bid steps stop it falls back to
  // bracketing.
  const { lnAtm: x1, gap: f1 } = secantOnLnAtmVol(gap, vvixPercent, SECANT_LOG_TOLERANCE, SECANT_MAX_STEPS);
  if (Math.abs(f1) <= SECANT_LOG_TOLERANCE) return Math.exp(x1);
  // A zero-bid step lies across the target: bracket the last secant point and halve down to the step.
  let lo = x1 - BRACKET_HALF_WIDTH_LOG;
  let flo = gap(lo);
  while (flo > 0) {
    lo -= 10 * BRACKET_HALF_WIDTH_LOG;
    flo = gap(lo);
  }
  let hi = x1 + BRACKET_HALF_WIDTH_LOG;
  let fhi = gap(hi);
  while (fhi < 0) {
    hi += 10 * BRACKET_HALF_WIDTH_LOG;
    fhi = gap(hi);
  }
  for (let step = 0; step < BISECTION_MAX_STEPS && hi - lo > BISECTION_LOG_WIDTH; step++) {
    const mid = 0.5 * (lo + hi);
    const fmid = gap(mid);
    if (fmid === 0) return Math.exp(mid);
    if (fmid < 0) {
      lo = mid;
      flo = fmid;
    } else {
      hi = mid;
      fhi = fmid;
    }
  }
  return Math.exp(Math.abs(flo) < Math.abs(fhi) ? lo : hi);
}

/**
 * The daily calibration's fast path. The canonical strip's total variance W(s) depends on the term's ATM
 * standard deviation s alone, so it is tabulated once per surface config over ln s (linear in ln W
 * between points), and a day's model VVIX is two table look-ups:
 * 100 sqrt((w1 W(s1) + w2 W(s2)) / T30). The table smooths the procedure's zero-bid steps; the validation
 * reports the exact procedure's residual on every day with VVIX.
 */
interface TotalVarianceTable {
  readonly lnStdDevLow: number;
  readonly stepLn: number;
  readonly lnTotalVariance: Float64Array;
}

/** ATM standard deviations the table covers (below 0.07 a strip has too few strikes at a 5 % spacing; W then scales as s^2). */
const TABLE_LOW_STD_DEV = 0.07;
const TABLE_HIGH_STD_DEV = 4;
const TABLE_POINTS_PER_LOG_UNIT = 80;

const tables = new WeakMap<VixVolSurfaceParams, TotalVarianceTable>();

function tableFor(params: VixVolSurfaceParams): TotalVarianceTable {
  const known = tables.get(params);
  if (known !== undefined) return known;
  const lnLow = Math.log(TABLE_LOW_STD_DEV);
  const count = Math.ceil(TABLE_POINTS_PER_LOG_UNIT * Math.log(TABLE_HIGH_STD_DEV / TABLE_LOW_STD_DEV)) + 1;
  const stepLn = Math.log(TABLE_HIGH_STD_DEV / TABLE_LOW_STD_DEV) / (count - 1);
  const lnTotalVariance = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const w = canonicalTotalVariance(params, Math.exp(lnLow + i * stepLn));
    if (!(w > 0)) throw new VvixCalibrationError(`non-positive strip variance at ATM standard deviation ${Math.exp(lnLow + i * stepLn)}`);
    lnTotalVariance[i] = Math.log(w);
  }
  const table = { lnStdDevLow: lnLow, stepLn, lnTotalVariance };
  tables.set(params, table);
  return table;
}

/** W(s) from the table; beyond its ends W keeps the end's ratio to s^2. */
function tabulatedTotalVariance(table: TotalVarianceTable, atmStdDev: number): number {
  const position = (Math.log(atmStdDev) - table.lnStdDevLow) / table.stepLn;
  const last = table.lnTotalVariance.length - 1;
  if (position <= 0) return Math.exp((table.lnTotalVariance[0] as number) + 2 * position * table.stepLn);
  if (position >= last) return Math.exp((table.lnTotalVariance[last] as number) + 2 * (position - last) * table.stepLn);
  const i = Math.floor(position);
  const weight = position - i;
  return Math.exp((1 - weight) * (table.lnTotalVariance[i] as number) + weight * (table.lnTotalVariance[i + 1] as number));
}

/** The model VVIX (percent) from the table: the procedure's near/next interpolation of tabulated terms. */
export function tabulatedModelVvixPercent(params: VixVolSurfaceParams, atmVol30Decimal: number, inputs: VvixCalibrationInputs): number {
  const table = tableFor(params);
  const t1 = inputs.nearDteDays / DAYS_PER_YEAR;
  const t2 = inputs.nextDteDays / DAYS_PER_YEAR;
  const target = params.referenceTenorDays / DAYS_PER_YEAR;
  const s1 = atmVol30Decimal * atmTermFactor(params, inputs.nearDteDays, inputs.contangoFraction) * Math.sqrt(t1);
  const s2 = atmVol30Decimal * atmTermFactor(params, inputs.nextDteDays, inputs.contangoFraction) * Math.sqrt(t2);
  const total = tabulatedTotalVariance(table, s1) * ((t2 - target) / (t2 - t1)) + tabulatedTotalVariance(table, s2) * ((target - t1) / (t2 - t1));
  if (!(total > 0)) throw new VvixCalibrationError(`non-positive interpolated variance at ATM vol ${atmVol30Decimal.toPrecision(4)}`);
  return volPointsFromDecimal(Math.sqrt(total / target));
}

/** Stop when ln(tabulated VVIX / VVIX) is within this (1e-10: the table is smooth, the secant quick). */
const TABULATED_LOG_TOLERANCE = 1e-10;
const TABULATED_MAX_STEPS = 30;

/**
 * The ATM vols the bracketing search scans when the secant fails, decimal: 0.5 % to 5,000 % (VVIX has
 * never been outside 50-210 %; at the ends the table's strip variance still scales as s^2).
 */
const SCAN_LOW_ATM_VOL = 0.005;
const SCAN_HIGH_ATM_VOL = 50;
/** Grid points per unit of ln(ATM vol) of the scan: 1.25 % steps. */
const SCAN_POINTS_PER_LOG_UNIT = 80;

/**
 * The day's 30-day ATM vol from the table: a secant on a smooth, nearly proportional function. A steep
 * call skew (the schema allows any slope) bends the model VVIX flat, or briefly down, near an ATM vol
 * of 80-100 %: a secant step from there runs far out (ATM vols of 1e-292, where the strip's variance
 * underflows) and the day failed although an ATM vol reproduced its VVIX (with a call slope of 0.45,
 * 2015-12-11: model VVIX 122.2 at 60 % and 132.8 at 80 % around a target of 131.09). There the search
 * scans ln(ATM vol) from 0.5 % up and halves the first step that crosses the target: the lowest ATM
 * vol that reproduces VVIX. A day where the secant converges (every day under the fitted surface) is
 * not affected.
 */
export function calibratedAtmVolDecimal(params: VixVolSurfaceParams, inputs: VvixCalibrationInputs): number {
  const { vvixPercent } = inputs;
  if (!(vvixPercent > 0) || !Number.isFinite(vvixPercent)) throw new VvixCalibrationError(`VVIX must be a positive finite number, got ${vvixPercent}`);
  const target = Math.log(vvixPercent);
  const gap = (lnAtm: number) => Math.log(tabulatedModelVvixPercent(params, Math.exp(lnAtm), inputs)) - target;
  let secant: { lnAtm: number; gap: number } | undefined;
  try {
    secant = secantOnLnAtmVol(gap, vvixPercent, TABULATED_LOG_TOLERANCE, TABULATED_MAX_STEPS);
  } catch (error) {
    // A step out to where the table's variance underflows: the scan below stays inside its range.
    if (!(error instanceof VvixCalibrationError)) throw error;
  }
  if (secant !== undefined && Math.abs(secant.gap) <= 1e3 * TABULATED_LOG_TOLERANCE) return Math.exp(secant.lnAtm);
  return Math.exp(scanLnAtmVol(gap, vvixPercent));
}

/**
 * ln(ATM vol) of the first crossing of `gap` from below on the scan's grid, halved to the table's
 * tolerance. Where the procedure extrapolates (no listed expiry within 30 days) its interpolated
 * variance can turn negative over a range of ATM vols: those grid points have no gap and bound no bracket.
 */
function scanLnAtmVol(gap: (lnAtm: number) => number, vvixPercent: number): number {
  const defined = definedGap(gap);
  const lnLow = Math.log(SCAN_LOW_ATM_VOL);
  const steps = Math.ceil(SCAN_POINTS_PER_LOG_UNIT * Math.log(SCAN_HIGH_ATM_VOL / SCAN_LOW_ATM_VOL));
  const stepLn = Math.log(SCAN_HIGH_ATM_VOL / SCAN_LOW_ATM_VOL) / steps;
  let lo = lnLow;
  let flo = defined(lo);
  if (flo > 0) throw new VvixCalibrationError(`no ATM vol reproduces VVIX ${vvixPercent.toFixed(2)}: the model gives ${(vvixPercent * Math.exp(flo)).toFixed(2)} already at an ATM vol of ${volPointsFromDecimal(SCAN_LOW_ATM_VOL)} %`);
  let lowest = Number.isNaN(flo) ? Infinity : flo;
  let highest = Number.isNaN(flo) ? -Infinity : flo;
  for (let i = 1; i <= steps; i++) {
    const hi = lnLow + i * stepLn;
    const fhi = defined(hi);
    if (!Number.isNaN(fhi)) {
      lowest = Math.min(lowest, fhi);
      highest = Math.max(highest, fhi);
      if (fhi >= 0 && flo < 0) return bisectLnAtmVol(defined, lo, hi, flo, vvixPercent);
    }
    lo = hi;
    flo = fhi;
  }
  const span = `${(vvixPercent * Math.exp(lowest)).toFixed(2)} to ${(vvixPercent * Math.exp(highest)).toFixed(2)}`;
  const range =
    lowest > highest
      ? "the procedure's variance is not positive at any of them"
      : lowest < 0 && highest >= 0
        ? `the model gives ${span} there, but passes the target only where the procedure's variance is not positive`
        : `the model gives ${span} there`;
  throw new VvixCalibrationError(`no ATM vol from ${volPointsFromDecimal(SCAN_LOW_ATM_VOL)} % to ${volPointsFromDecimal(SCAN_HIGH_ATM_VOL)} % reproduces VVIX ${vvixPercent.toFixed(2)}: ${range}`);
}

/** `gap`, NaN where the procedure's variance is not positive (the table says so with a VvixCalibrationError). */
function definedGap(gap: (lnAtm: number) => number): (lnAtm: number) => number {
  return (lnAtm) => {
    try {
      return gap(lnAtm);
    } catch (error) {
      if (error instanceof VvixCalibrationError) return Number.NaN;
      throw error;
    }
  };
}

/** Halves [lo, hi] (gap(lo) < 0 <= gap(hi)) until the gap is within the table's tolerance or the bracket is a point. */
function bisectLnAtmVol(gap: (lnAtm: number) => number, lo: number, hi: number, flo: number, vvixPercent: number): number {
  let a = lo;
  let fa = flo;
  let b = hi;
  for (let step = 0; step < BISECTION_MAX_STEPS; step++) {
    const mid = 0.5 * (a + b);
    if (mid <= a || mid >= b) break;
    const fmid = gap(mid);
    if (Number.isNaN(fmid)) throw new VvixCalibrationError(`no ATM vol reproduces VVIX ${vvixPercent.toFixed(2)}: the procedure's variance is not positive at ${volPointsFromDecimal(Math.exp(mid)).toFixed(2)} %, inside the bracket`);
    if (Math.abs(fmid) <= TABULATED_LOG_TOLERANCE) return mid;
    if (fmid < 0) {
      a = mid;
      fa = fmid;
    } else {
      b = mid;
    }
  }
  return Math.abs(fa) < Math.abs(gap(b)) ? a : b;
}
