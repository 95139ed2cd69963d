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
import { erfSmall, normCdfWithGaussian, normInvApprox } from './normal.js';
import type { Black76Inputs } from './black76.js';
import type { BsmInputs } from './bsm.js';

export type ImpliedVolError = {
  kind: 'below-intrinsic' | 'above-upper-bound' | 'non-positive-time' | 'invalid-input';
  message: string;
};

const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_2PI = 2.5066282746310002;
const SQRT_HALF = 0.7071067811865476;
const HALF_LN_2PI = 0.9189385332046728;
/**
 * A step below this fraction of s ends the iteration. The steps use b and its first three derivatives
 * (Householder's method of order 3), which converges with order 4: a step of relative size delta leaves
 * an error of about K delta^4, with K between 0.01 and 0.03 measured on the pricing bench's chain
 * (successive iterates), so 1e-4 leaves about 1e-18 relative, below an ulp. At 1e-6 a quarter of that
 * chain took a third step that moved sigma by rounding noise only: on 800,000 random options whose
 * price pins sigma to 1e-10 the worst round-trip error is the same to three digits at either
 * threshold, and the implied-vol bench runs about 9 % faster. impliedVol.test.ts checks that a further
 * step moves an answer by rounding only (it fails at 1e-3).
 */
const CONVERGED_RELATIVE_STEP = 1e-4;
/** Safety cap; the bracket guarantees convergence long before (typically 2 or 3 steps). */
const MAX_ITERATIONS = 100;
/** Where the step from s_c lands at |d1| beyond this, the tail asymptotic gives the better start. */
const LOWER_GUESS_TAIL_D1 = 3;
const LOWER_GUESS_FIXED_POINT_STEPS = 3;
const LOWER_GUESS_MILLS_STEPS = 2;

/**
 * Starting point deep in the lower tail: the asymptotic ln b ~ -x^2/(2 s^2) + 3 ln s - 2 ln|x|
 * - ln sqrt(2 pi) solved by fixed point, then refined with three terms of the Mills-ratio expansion
 * b = b'(s) [M(|d1|) - M(|d2|)], M(z) ~ 1/z - 1/z^3 + 3/z^5.
 *
 * The result goes into GUESS[0] rather than being returned: the function is large, the JIT inlines
 * only up to a cumulative budget, and a double returned from a call that is not inlined is boxed on
 * the heap (about a quarter of the options of the pricing bench's SPX-like chain start here; the
 * batch API must not allocate).
 */
const GUESS = new Float64Array(1);

function lowerTailGuessInto(x: number, lnBeta: number, sCritical: number): void {
  GUESS[0] = lowerTailGuess(x, lnBeta, sCritical);
}

function lowerTailGuess(x: number, lnBeta: number, sCritical: number): number {
  const absX = -x;
  const a = lnBeta + 2 * Math.log(absX) + HALF_LN_2PI;
  let s = sCritical;
  for (let k = 0; k < LOWER_GUESS_FIXED_POINT_STEPS; k++) {
    const denominator = 2 * (3 * Math.log(s) - a);
    if (!(denominator > 0)) break;
    s = absX / Math.sqrt(denominator);
  }
  if (!(s > 0 && s < sCritical)) return 0.5 * sCritical;
  for (let k = 0; k < LOWER_GUESS_MILLS_STEPS; k++) {
    const z1 = -(x / s + 0.5 * s);
    const z2 = z1 + s;
    if (!(z1 > 1)) break;
    const m1 = (1 - (1 - 3 / (z1 * z1)) / (z1 * z1)) / z1;
    const m2 = (1 - (1 - 3 / (z2 * z2)) / (z2 * z2)) / z2;
    const denominator = 2 * (Math.log(m1 - m2) - HALF_LN_2PI - 0.125 * s * s - lnBeta);
    if (!(denominator > 0)) break;
    const refined = absX / Math.sqrt(denominator);
    if (!(refined > 0 && refined < sCritical)) break;
    s = refined;
  }
  return s;
}

/**
 * The solver's state for a set of options as a structure of arrays, so that the batch API can take
 * one Householder step for every option of a chain in turn (independent work the processor overlaps)
 * instead of running each option's dependent chain of steps to the end before starting the next.
 * The scalar API uses a one-option state; both run the same arithmetic, so their results are
 * bit-identical.
 */
export class StdDevSolverState {
  readonly capacity: number;
  /** -|ln(F/K)| and the normalised time value of each option. */
  readonly x: Float64Array;
  readonly beta: Float64Array;
  /** e^{x/2} and ln(beta) (the latter only on the lower branch). */
  readonly expHalfX: Float64Array;
  readonly lnBeta: Float64Array;
  /** 1 where beta lies on the concave (upper) branch of b, above b(s_c). */
  readonly upperBranch: Uint8Array;
  /** Current iterate and the bracket [lo, hi] that contains the root. */
  readonly s: Float64Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.x = new Float64Array(capacity);
    this.beta = new Float64Array(capacity);
    this.expHalfX = new Float64Array(capacity);
    this.lnBeta = new Float64Array(capacity);
    this.upperBranch = new Uint8Array(capacity);
    this.s = new Float64Array(capacity);
    this.lo = new Float64Array(capacity);
    this.hi = new Float64Array(capacity);
  }
}

/** Most Householder steps one option may take; the bracket guarantees convergence long before. */
export const MAX_STD_DEV_ITERATIONS = MAX_ITERATIONS;

/**
 * Sets up option k of the state to solve b(x, s) = beta for x <= 0 and 0 < beta < e^{x/2}, which the
 * caller has written to state.x[k] and state.beta[k]: the branch, the bracket and the starting point.
 * (Read from the state rather than passed: a double passed to a call the JIT does not inline is boxed
 * on the heap, and the batch loop must not allocate; about 3 % of the implied-vol bench.)
 */
export function startStdDevSolve(state: StdDevSolverState, k: number): void {
  const x = state.x[k] as number;
  const beta = state.beta[k] as number;
  const expHalfX = Math.exp(0.5 * x);
  const absX = -x;
  const sCritical = Math.sqrt(2 * absX);
  // At s_c, d1 = 0 and d2 = -s_c, so b(s_c) = e^{x/2}/2 - e^{-x/2} Phi(-s_c).
  // The Gaussian at s_c is exp(-s_c^2/2) = e^{x}, so no further exponential is needed.
  const bCritical = absX === 0 ? 0 : 0.5 * expHalfX - normCdfWithGaussian(-sCritical, expHalfX * expHalfX) / expHalfX;
  const upperBranch = beta >= bCritical;
  let lnBeta = 0;
  let s: number;
  if (upperBranch) {
    // For large s, b ~ e^{x/2} - (e^{x/2} + e^{-x/2}) Phi(-s/2); exact at x = 0.
    const tail = (expHalfX - beta) / (expHalfX + 1 / expHalfX);
    s = Math.max(sCritical, -2 * normInvApprox(tail));
    // At the money with a tiny price the tail probability rounds to 1/2; there b ~ s / sqrt(2 pi).
    if (!(s > sCritical)) s = Math.max(sCritical, SQRT_2PI * beta);
    state.lo[k] = sCritical;
    state.hi[k] = Number.POSITIVE_INFINITY;
  } else {
    // One Householder step on ln b taken from s_c, where every derivative is known in closed form:
    // b' = e^{x/2}/sqrt(2 pi), b'' = 0 (the inflection point) and the third derivative is -b'. Where
    // it lands deep in the tail (|d1| beyond LOWER_GUESS_TAIL_D1) the tail asymptotic starts better.
    lnBeta = Math.log(beta);
    const lambdaC = (INV_SQRT_2PI * expHalfX) / bCritical;
    const nuC = -(Math.log(bCritical) - lnBeta) / lambdaC;
    s = sCritical + (nuC * (1 - 0.5 * lambdaC * nuC)) / (1 + nuC * (-lambdaC + ((2 * lambdaC * lambdaC - 1) * nuC) / 6));
    if (!(s > 0 && s < sCritical && -(x / s + 0.5 * s) < LOWER_GUESS_TAIL_D1)) {
      lowerTailGuessInto(x, lnBeta, sCritical);
      s = GUESS[0] as number;
    }
    state.lo[k] = 0;
    state.hi[k] = sCritical;
  }
  state.expHalfX[k] = expHalfX;
  state.lnBeta[k] = lnBeta;
  state.upperBranch[k] = upperBranch ? 1 : 0;
  state.s[k] = s;
}

/**
 * One safeguarded Householder step for option k; true once s has converged (state.s[k] is then the
 * answer). The step is third order on b (upper branch) or on ln b (lower branch); a step that leaves
 * the bracket is replaced by bisection (or doubling while the bracket is open above).
 */
export function stdDevHouseholderStep(state: StdDevSolverState, k: number): boolean {
  const x = state.x[k] as number;
  const s = state.s[k] as number;
  const expHalfX = state.expHalfX[k] as number;
  const absX = -x;
  // Reciprocals taken once and multiplied: a division costs several multiplications' throughput, and
  // the step has to divide by s three times and by e^{x/2} twice.
  const inverseS = 1 / s;
  const inverseExpHalfX = 1 / expHalfX;
  const h = x * inverseS;
  const t = 0.5 * s;
  // One exponential serves b, its slope and both Gaussians: exp(-d1^2/2) = E e^{-x/2} and
  // exp(-d2^2/2) = E e^{x/2}, with E = exp(-(h^2 + t^2)/2), because h t = x/2.
  const gaussianCore = Math.exp(-0.5 * (h * h + t * t));
  // At the money b = erf(t / sqrt 2); for small t the difference of two CDFs near 1/2 would lose
  // its relative precision, so use erf directly.
  const b =
    absX === 0 && t * SQRT_HALF <= 0.5
      ? erfSmall(t * SQRT_HALF)
      : expHalfX * normCdfWithGaussian(h + t, gaussianCore * inverseExpHalfX) - normCdfWithGaussian(h - t, gaussianCore * expHalfX) * inverseExpHalfX;
  const b1 = INV_SQRT_2PI * gaussianCore;
  const h2 = h * h * inverseS - 0.5 * t;
  const h3 = h2 * h2 - 3 * h * h * inverseS * inverseS - 0.25;
  let residual: number;
  let newton: number;
  let ratio2: number;
  let ratio3: number;
  if (state.upperBranch[k] === 1) {
    residual = b - (state.beta[k] as number);
    newton = -residual / b1;
    ratio2 = h2;
    ratio3 = h3;
  } else if (b > 0) {
    const lambda = b1 / b;
    residual = Math.log(b) - (state.lnBeta[k] as number);
    newton = (-residual * b) / b1;
    ratio2 = h2 - lambda;
    ratio3 = h3 - 3 * h2 * lambda + 2 * lambda * lambda;
  } else {
    // b underflowed: s is far too small.
    residual = Number.NEGATIVE_INFINITY;
    newton = Number.NaN;
    ratio2 = 0;
    ratio3 = 0;
  }
  if (residual > 0) state.hi[k] = s;
  else state.lo[k] = s;
  if (residual === 0) return true;
  const step = (newton * (1 + 0.5 * ratio2 * newton)) / (1 + newton * (ratio2 + (ratio3 * newton) / 6));
  // The steps converge with order 4: after a step this small the remaining error is of order its
  // fourth power, below double precision (CONVERGED_RELATIVE_STEP). (Tested before the bracket, which a
  // last step of a few ulps may touch.)
  if (Math.abs(step) <= CONVERGED_RELATIVE_STEP * s) {
    state.s[k] = s + step;
    return true;
  }
  const lo = state.lo[k] as number;
  const hi = state.hi[k] as number;
  const next = s + step;
  const chosen = next > lo && next < hi ? next : Number.isFinite(hi) ? 0.5 * (lo + hi) : 2 * s;
  state.s[k] = chosen;
  return hi - lo <= 4 * Number.EPSILON * chosen;
}

const SINGLE_STATE = new StdDevSolverState(1);

/** Total standard deviation s with b(x, s) = beta, for x <= 0 and 0 < beta < e^{x/2}. */
export function normalizedImpliedStdDev(x: number, beta: number): number {
  SINGLE_STATE.x[0] = x;
  SINGLE_STATE.beta[0] = beta;
  startStdDevSolve(SINGLE_STATE, 0);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    if (stdDevHouseholderStep(SINGLE_STATE, 0)) break;
  }
  return SINGLE_STATE.s[0] as number;
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
