/**
 * The strike that has a given delta: how iron condor legs (short at 16 delta, wings at 5 delta) and
 * VIX hedge calls (30 delta) are placed. Deltas are signed (puts negative) and include the discount
 * factor that the model's delta carries, so `bsmValue({...strike}).delta` returns the target.
 */
import { err, ok, type Result } from '../lib/result.js';
import type { Black76Inputs, OptionType } from './black76.js';
import type { BsmInputs } from './bsm.js';
import { normInv } from './normal.js';

export type StrikeSolveError = {
  kind: 'invalid-input' | 'delta-out-of-range' | 'no-bracket' | 'no-convergence';
  message: string;
};

/** Largest |ln(K/F)| searched for a smile strike: a strike e^12 (about 160 000) times the forward. */
const MAX_ABS_LOG_MONEYNESS = 12;
/** Brent stops when the log-strike bracket is this narrow (relative strike error, dimensionless). */
const LOG_STRIKE_TOLERANCE = 1e-14;
const MAX_SOLVER_ITERATIONS = 200;

function invalid(message: string): Result<number, StrikeSolveError> {
  return err({ kind: 'invalid-input', message });
}

/**
 * The d1 an option of this type must have for its delta to equal targetDelta, given the factor D the
 * delta carries (delta = sign * D * Phi(sign * d1)). Errors when |targetDelta| is not inside (0, D).
 */
function requiredD1(type: OptionType, targetDelta: number, discountFactorDelta: number): Result<number, StrikeSolveError> {
  const sign = type === 'call' ? 1 : -1;
  const probability = (sign * targetDelta) / discountFactorDelta;
  if (!(probability > 0 && probability < 1)) {
    const range = type === 'call' ? `(0, ${discountFactorDelta})` : `(${-discountFactorDelta}, 0)`;
    return err({ kind: 'delta-out-of-range', message: `a ${type} delta must lie in ${range}, got ${targetDelta}` });
  }
  return ok(sign * normInv(probability));
}

function checkFlatVolInputs(fields: Record<string, number>, sigma: number, timeYears: number): Result<number, StrikeSolveError> | undefined {
  for (const [name, value] of Object.entries(fields)) {
    if (!Number.isFinite(value)) return invalid(`${name} must be a finite number, got ${value}`);
  }
  if (!(sigma > 0)) return invalid(`sigma must be positive, got ${sigma}`);
  if (!(timeYears > 0)) return invalid(`timeYears must be positive, got ${timeYears}`);
  return undefined;
}

function strikeFromD1(forward: number, d1: number, stdDev: number): number {
  return forward * Math.exp(-d1 * stdDev + 0.5 * stdDev * stdDev);
}

/** Closed form for flat vol; spot delta including exp(-qT). */
export function strikeForDeltaBsm(i: Omit<BsmInputs, 'strike'> & { targetDelta: number }): Result<number, StrikeSolveError> {
  const bad = checkFlatVolInputs(
    { spot: i.spot, timeYears: i.timeYears, rate: i.rate, dividendYield: i.dividendYield, sigma: i.sigma, targetDelta: i.targetDelta },
    i.sigma,
    i.timeYears,
  );
  if (bad) return bad;
  if (!(i.spot > 0)) return invalid(`spot must be positive, got ${i.spot}`);
  const d1 = requiredD1(i.type, i.targetDelta, Math.exp(-i.dividendYield * i.timeYears));
  if (!d1.ok) return d1;
  const forward = i.spot * Math.exp((i.rate - i.dividendYield) * i.timeYears);
  return ok(strikeFromD1(forward, d1.value, i.sigma * Math.sqrt(i.timeYears)));
}

/** Closed form for flat vol; the delta of black76Value, i.e. with respect to the future and including exp(-rT). */
export function strikeForDeltaBlack76(
  i: Omit<Black76Inputs, 'strike'> & { targetDelta: number },
): Result<number, StrikeSolveError> {
  const bad = checkFlatVolInputs(
    { forward: i.forward, timeYears: i.timeYears, rate: i.rate, sigma: i.sigma, targetDelta: i.targetDelta },
    i.sigma,
    i.timeYears,
  );
  if (bad) return bad;
  if (!(i.forward > 0)) return invalid(`forward must be positive, got ${i.forward}`);
  const d1 = requiredD1(i.type, i.targetDelta, Math.exp(-i.rate * i.timeYears));
  if (!d1.ok) return d1;
  return ok(strikeFromD1(i.forward, d1.value, i.sigma * Math.sqrt(i.timeYears)));
}

export interface SmileStrikeInputs {
  type: OptionType;
  forward: number;
  timeYears: number;
  /** The factor the delta carries: exp(-qT) for a BSM spot delta, exp(-rT) for black76Value's delta, 1 for an undiscounted forward delta. */
  discountFactorDelta: number;
  targetDelta: number;
  /** Implied volatility (decimal) at a strike; must be positive and finite wherever the solver asks. */
  volAtStrike: (strike: number) => number;
}

/**
 * Strike whose delta, with the smile's own vol at that strike, equals targetDelta. Solves
 * d1(k) = d1* in log-moneyness k = ln(K/F), which is smooth and monotone for realistic smiles: a bracket
 * is grown outwards from the flat-vol answer at the at-the-money vol, then Brent's method closes it.
 */
export function strikeForDeltaWithSmile(i: SmileStrikeInputs): Result<number, StrikeSolveError> {
  for (const [name, value] of Object.entries({ forward: i.forward, timeYears: i.timeYears, discountFactorDelta: i.discountFactorDelta, targetDelta: i.targetDelta })) {
    if (!Number.isFinite(value)) return invalid(`${name} must be a finite number, got ${value}`);
  }
  if (!(i.forward > 0)) return invalid(`forward must be positive, got ${i.forward}`);
  if (!(i.timeYears > 0)) return invalid(`timeYears must be positive, got ${i.timeYears}`);
  // Above 1 when rates or dividend yields are negative (T-bills dipped below zero in 2020).
  if (!(i.discountFactorDelta > 0))
    return invalid(`discountFactorDelta must be positive, got ${i.discountFactorDelta}`);
  const target = requiredD1(i.type, i.targetDelta, i.discountFactorDelta);
  if (!target.ok) return target;
  const targetD1 = target.value;
  const sqrtT = Math.sqrt(i.timeYears);
  let badVol: string | undefined;

  // g(k) = d1(k) - d1*; decreasing in k for any smile a market would quote.
  const residual = (logMoneyness: number): number => {
    const strike = i.forward * Math.exp(logMoneyness);
    const vol = i.volAtStrike(strike);
    if (!(Number.isFinite(vol) && vol > 0)) {
      badVol ??= `volAtStrike(${strike}) returned ${vol}; it must be a positive finite number`;
      return Number.NaN;
    }
    const stdDev = vol * sqrtT;
    return -logMoneyness / stdDev + 0.5 * stdDev - targetD1;
  };

  const atmVol = i.volAtStrike(i.forward);
  if (!(Number.isFinite(atmVol) && atmVol > 0)) return invalid(`volAtStrike(${i.forward}) returned ${atmVol}; it must be a positive finite number`);
  const atmStdDev = atmVol * sqrtT;
  const guess = -targetD1 * atmStdDev + 0.5 * atmStdDev * atmStdDev;
  let width = Math.max(0.25 * atmStdDev, 1e-4);
  let low = guess - width;
  let high = guess + width;
  let gLow = residual(low);
  let gHigh = residual(high);
  while (!(gLow > 0 && gHigh < 0)) {
    if (badVol !== undefined) return invalid(badVol);
    // Either end that still has to move and is already past the limit ends the search: waiting for
    // both let one end double on alone (a smile whose vol rises too fast for the delta ever to fall
    // to the target) until the strike overflowed to Infinity and was returned as the answer.
    if ((!(gLow > 0) && Math.abs(low) > MAX_ABS_LOG_MONEYNESS) || (!(gHigh < 0) && Math.abs(high) > MAX_ABS_LOG_MONEYNESS)) {
      return err({ kind: 'no-bracket', message: `no strike within a factor e^${MAX_ABS_LOG_MONEYNESS} of the forward has delta ${i.targetDelta}` });
    }
    width *= 2;
    if (!(gLow > 0)) {
      low -= width;
      gLow = residual(low);
    }
    if (!(gHigh < 0)) {
      high += width;
      gHigh = residual(high);
    }
  }
  const root = brent(residual, low, high, gLow, gHigh);
  if (badVol !== undefined) return invalid(badVol);
  if (root === undefined) return err({ kind: 'no-convergence', message: `the strike search did not converge for delta ${i.targetDelta}` });
  return ok(i.forward * Math.exp(root));
}

/** Brent's root finder on [a, b] with f(a), f(b) of opposite signs; undefined if it does not converge. */
function brent(f: (x: number) => number, a0: number, b0: number, fa0: number, fb0: number): number | undefined {
  let a = a0;
  let b = b0;
  let fa = fa0;
  let fb = fb0;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iteration = 0; iteration < MAX_SOLVER_ITERATIONS; iteration++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolerance = 2 * Number.EPSILON * Math.abs(b) + 0.5 * LOG_STRIKE_TOLERANCE;
    const half = 0.5 * (c - b);
    if (Math.abs(half) <= tolerance || fb === 0) return b;
    if (Math.abs(e) >= tolerance && Math.abs(fa) > Math.abs(fb)) {
      // Inverse quadratic interpolation, or the secant when only two points are distinct.
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * half * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * half * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * half * q - Math.abs(tolerance * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = half;
        e = d;
      }
    } else {
      d = half;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tolerance ? d : half > 0 ? tolerance : -tolerance;
    fb = f(b);
    if (Number.isNaN(fb)) return undefined;
  }
  return undefined;
}
