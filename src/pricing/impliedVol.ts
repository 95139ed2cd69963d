/**
 * Implied volatility from a Black-76 or BSM price.
 *
 * Method (after P. Jaeckel, "Let's Be Rational", Wilmott 2015, and "By Implication", 2006): the price
 * is reduced to the normalised out-of-the-money call b(x, s) = e^{x/2} Phi(x/s + s/2) - e^{-x/2}
 * Phi(x/s - s/2) with x = -|ln(F/K)| <= 0 and s = sigma*sqrt(T), which removes the intrinsic value,
 * the discounting and the call/put distinction. b is convex in s below the inflection point
 * s_c = sqrt(2|x|) and concave above it. On the upper branch we solve b(s) = beta; on the lower branch
 * ln b(s) = ln beta, which is close to linear in 1/s^2 where prices are tiny. Both use third-order
 * Householder steps with analytic derivatives of b, from branch-specific asymptotic starting points,
 * inside a bracket that falls back to bisection, so the iteration always converges. It is run to
 * machine precision, not to a price tolerance.
 *
 * A price exactly at intrinsic value (zero time value) returns sigma = 0: it is the limit the price
 * function reaches and a legitimate observation for deep in-the-money quotes.
 */
import { err, ok, type Result } from '../lib/result.js';
import { normCdf, normInv } from './normal.js';
import type { Black76Inputs } from './black76.js';
import type { BsmInputs } from './bsm.js';

export type ImpliedVolError = {
  kind: 'below-intrinsic' | 'above-upper-bound' | 'non-positive-time' | 'invalid-input';
  message: string;
};

const INV_SQRT_2PI = 0.3989422804014327;
const HALF_LN_2PI = 0.9189385332046728;
/** A Householder step below this fraction of s means the next error is far below double precision. */
const CONVERGED_RELATIVE_STEP = 1e-11;
/** Safety cap; the bracket guarantees convergence long before (typical: 2 to 4 steps). */
const MAX_ITERATIONS = 100;

/** Normalised OTM call price b(x, s) for x <= 0, s > 0. `expHalfX` = e^{x/2}. */
function normalizedCall(x: number, s: number, expHalfX: number): number {
  const h = x / s;
  const t = 0.5 * s;
  return expHalfX * normCdf(h + t) - normCdf(h - t) / expHalfX;
}

/**
 * Total standard deviation s with b(x, s) = beta, for x <= 0 and 0 < beta < e^{x/2}.
 * Pure number crunching with no allocation: the batch API calls it in its hot loop.
 */
export function normalizedImpliedStdDev(x: number, beta: number): number {
  const expHalfX = Math.exp(0.5 * x);
  const absX = -x;
  const sCritical = Math.sqrt(2 * absX);
  const bCritical = absX === 0 ? 0 : normalizedCall(x, sCritical, expHalfX);
  const upperBranch = beta >= bCritical;
  let s: number;
  let lo: number;
  let hi: number;
  if (upperBranch) {
    // For large s, b ~ e^{x/2} - (e^{x/2} + e^{-x/2}) Phi(-s/2); exact at x = 0.
    const tail = (expHalfX - beta) / (expHalfX + 1 / expHalfX);
    s = Math.max(sCritical, -2 * normInv(tail));
    lo = sCritical;
    hi = Number.POSITIVE_INFINITY;
  } else {
    // For s << |x|, ln b ~ -x^2/(2 s^2) + 3 ln s - 2 ln|x| - ln sqrt(2 pi); solved by fixed point.
    const a = Math.log(beta) + 2 * Math.log(absX) + HALF_LN_2PI;
    s = sCritical;
    for (let k = 0; k < 3; k++) {
      const denominator = 2 * (3 * Math.log(s) - a);
      if (!(denominator > 0)) break;
      s = absX / Math.sqrt(denominator);
    }
    if (!(s > 0 && s < sCritical)) s = 0.5 * sCritical;
    lo = 0;
    hi = sCritical;
  }
  const lnBeta = upperBranch ? 0 : Math.log(beta);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const b = normalizedCall(x, s, expHalfX);
    const h = x / s;
    const t = 0.5 * s;
    const b1 = INV_SQRT_2PI * Math.exp(-0.5 * (h * h + t * t));
    const h2 = (h * h) / s - 0.5 * t;
    const h3 = h2 * h2 - (3 * h * h) / (s * s) - 0.25;
    let residual: number;
    let newton: number;
    let ratio2: number;
    let ratio3: number;
    if (upperBranch) {
      residual = b - beta;
      newton = -residual / b1;
      ratio2 = h2;
      ratio3 = h3;
    } else if (b > 0) {
      const lambda = b1 / b;
      residual = Math.log(b) - lnBeta;
      newton = -residual / lambda;
      ratio2 = h2 - lambda;
      ratio3 = h3 - 3 * h2 * lambda + 2 * lambda * lambda;
    } else {
      // b underflowed: s is far too small.
      residual = Number.NEGATIVE_INFINITY;
      newton = Number.NaN;
      ratio2 = 0;
      ratio3 = 0;
    }
    if (residual > 0) hi = s;
    else lo = s;
    if (residual === 0) return s;
    let step = (newton * (1 + 0.5 * ratio2 * newton)) / (1 + newton * (ratio2 + (ratio3 * newton) / 6));
    let next = s + step;
    if (!(next > lo && next < hi)) {
      next = Number.isFinite(hi) ? 0.5 * (lo + hi) : 2 * s;
      step = next - s;
    }
    s = next;
    if (Math.abs(step) <= CONVERGED_RELATIVE_STEP * s) return s;
    if (hi - lo <= 4 * Number.EPSILON * s) return s;
  }
  return s;
}

function invalid(message: string): Result<number, ImpliedVolError> {
  return err({ kind: 'invalid-input', message });
}

/**
 * Shared path of both models. The discounted forward and strike are passed as an exact-ish leading
 * difference plus a small correction, because for deep in-the-money quotes the time value is a tiny
 * difference of large numbers: spot * exp(-qT) rounded as one product would already cost more than the
 * whole time value is worth in sigma. `underlyingMinusStrike` is S - K (or F - K), and
 * `discountCorrection` is S expm1(-qT) - K expm1(-rT) (or (F - K) expm1(-rT)), so that
 * DF * (F - K) = underlyingMinusStrike + discountCorrection.
 */
function impliedVolFromForward(
  type: 'call' | 'put',
  forward: number,
  strike: number,
  timeYears: number,
  discountFactor: number,
  underlyingMinusStrike: number,
  discountCorrection: number,
  price: number,
): Result<number, ImpliedVolError> {
  const sign = type === 'call' ? 1 : -1;
  const discountedForwardMinusStrike = underlyingMinusStrike + discountCorrection;
  const discountedIntrinsic = Math.max(sign * discountedForwardMinusStrike, 0);
  const discountedUpperBound = discountFactor * (type === 'call' ? forward : strike);
  if (price < discountedIntrinsic) {
    return err({ kind: 'below-intrinsic', message: `price ${price} is below the discounted intrinsic value ${discountedIntrinsic}` });
  }
  if (price >= discountedUpperBound) {
    return err({
      kind: 'above-upper-bound',
      message: `price ${price} is at or above the no-arbitrage upper bound ${discountedUpperBound}`,
    });
  }
  const discountedTimeValue =
    discountedIntrinsic === 0 ? price : price - sign * underlyingMinusStrike - sign * discountCorrection;
  if (!(discountedTimeValue > 0)) return ok(0);
  const x = -Math.abs(Math.log(forward / strike));
  const beta = discountedTimeValue / discountFactor / Math.sqrt(forward * strike);
  if (!(beta < Math.exp(0.5 * x))) {
    return err({ kind: 'above-upper-bound', message: `price ${price} leaves no room below the upper bound` });
  }
  return ok(normalizedImpliedStdDev(x, beta) / Math.sqrt(timeYears));
}

function checkCommon(fields: Record<string, number>): Result<number, ImpliedVolError> | undefined {
  for (const [name, value] of Object.entries(fields)) {
    if (!Number.isFinite(value)) return invalid(`${name} must be a finite number, got ${value}`);
  }
  return undefined;
}

/** Black-76 implied volatility (decimal) from a discounted price in index points. */
export function impliedVolBlack76(i: Omit<Black76Inputs, 'sigma'> & { price: number }): Result<number, ImpliedVolError> {
  const bad = checkCommon({ forward: i.forward, strike: i.strike, timeYears: i.timeYears, rate: i.rate, price: i.price });
  if (bad) return bad;
  if (!(i.forward > 0)) return invalid(`forward must be positive, got ${i.forward}`);
  if (!(i.strike > 0)) return invalid(`strike must be positive, got ${i.strike}`);
  if (!(i.timeYears > 0)) return err({ kind: 'non-positive-time', message: `timeYears must be positive, got ${i.timeYears}` });
  const forwardMinusStrike = i.forward - i.strike;
  return impliedVolFromForward(
    i.type,
    i.forward,
    i.strike,
    i.timeYears,
    Math.exp(-i.rate * i.timeYears),
    forwardMinusStrike,
    forwardMinusStrike * Math.expm1(-i.rate * i.timeYears),
    i.price,
  );
}

/** BSM implied volatility (decimal) from a price in index points, through F = S exp((r - q)T). */
export function impliedVolBsm(i: Omit<BsmInputs, 'sigma'> & { price: number }): Result<number, ImpliedVolError> {
  const bad = checkCommon({
    spot: i.spot,
    strike: i.strike,
    timeYears: i.timeYears,
    rate: i.rate,
    dividendYield: i.dividendYield,
    price: i.price,
  });
  if (bad) return bad;
  if (!(i.spot > 0)) return invalid(`spot must be positive, got ${i.spot}`);
  if (!(i.strike > 0)) return invalid(`strike must be positive, got ${i.strike}`);
  if (!(i.timeYears > 0)) return err({ kind: 'non-positive-time', message: `timeYears must be positive, got ${i.timeYears}` });
  const forward = i.spot * Math.exp((i.rate - i.dividendYield) * i.timeYears);
  return impliedVolFromForward(
    i.type,
    forward,
    i.strike,
    i.timeYears,
    Math.exp(-i.rate * i.timeYears),
    i.spot - i.strike,
    i.spot * Math.expm1(-i.dividendYield * i.timeYears) - i.strike * Math.expm1(-i.rate * i.timeYears),
    i.price,
  );
}
